import { PROVIDER_TYPES, type ProviderType } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { PROVIDER_ADAPTERS, adapterFor } from './index';

describe('PROVIDER_ADAPTERS', () => {
  it('has one adapter for every provider type, labelled in Japanese and English', () => {
    for (const type of PROVIDER_TYPES) {
      const adapter = adapterFor(type);
      expect(adapter.type).toBe(type);
      expect(adapter.label.ja).toBeTruthy();
      expect(adapter.label.en).toBeTruthy();
    }
    expect(Object.keys(PROVIDER_ADAPTERS).sort()).toEqual([...PROVIDER_TYPES].sort());
  });

  it('names each type’s settings, so the admin API can list them', () => {
    const keys = Object.fromEntries(PROVIDER_TYPES.map((type) => [type, Object.keys(PROVIDER_ADAPTERS[type].settingsSchema.shape)]));
    expect(keys).toEqual({
      'openai-compatible': [],
      'azure-openai': ['apiVersion', 'apiStyle'],
      bedrock: ['region'],
      anthropic: [],
      gemini: [],
      cotomi: ['clientId', 'streamNum'],
    });
  });

  it('refuses a provider type this build does not know', () => {
    expect(() => adapterFor('watsonx' as ProviderType)).toThrow('unknown provider type "watsonx"');
    expect(() => adapterFor('toString' as ProviderType)).toThrow('unknown provider type');
  });
});
