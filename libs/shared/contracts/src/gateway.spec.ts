import { describe, expect, it } from 'vitest';
import { createModelSchema, createProviderSchema, updateModelSchema, updateProviderSchema } from './gateway';

const model = { id: 'plamo', displayName: 'PLaMo 2.0 Prime', vendor: 'Preferred Networks', domestic: true, contextLength: 32_768, maxOutputTokens: 4096, maxInformationClass: 2 };

describe('catalogue schemas', () => {
  it('fills in the defaults of a new model and a new provider', () => {
    expect(createModelSchema.parse(model)).toMatchObject({
      currency: 'JPY',
      inputPricePerMTok: 0,
      capabilities: ['streaming'],
      enabled: true,
      fallbackModelIds: [],
      access: { organizationIds: [], roles: [] },
      deployments: [],
    });
    expect(createProviderSchema.parse({ id: 'vllm', displayName: 'vLLM', type: 'openai-compatible' })).toMatchObject({ settings: {}, credential: { kind: 'none' } });
  });

  it('changes only what an update names: no default resets a field the administrator left out', () => {
    expect(updateModelSchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(updateModelSchema.parse({})).toEqual({});
    expect(updateProviderSchema.parse({ displayName: '新しい名前' })).toEqual({ displayName: '新しい名前' });
  });

  it('still validates what an update names, and refuses unknown fields and the id', () => {
    expect(updateModelSchema.safeParse({ maxInformationClass: 4 }).success).toBe(false);
    expect(updateModelSchema.safeParse({ id: 'other' }).success).toBe(false);
    expect(updateProviderSchema.safeParse({ credential: { kind: 'value' } }).success).toBe(false);
  });
});
