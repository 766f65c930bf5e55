import { catalogIdSchema, createModelSchema, createProviderSchema, quotaRuleInputSchema } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { CATALOG_ID_PATTERN, type ModelFormInput, quotaBody, validateModel, validateProvider, validateQuota } from './admin-validation';

/*
 * The web checks forms without zod (it stays out of the bundle); these tests hold those checks to the contract's zod
 * schemas, which the API uses, so the two agree on what is valid.
 */
describe('admin form checks agree with the API’s schemas', () => {
  it('accepts exactly the catalogue ids the API accepts', () => {
    for (const id of ['plamo', 'plamo-2.0_prime', 'a', 'x'.repeat(64), 'x'.repeat(65), 'PLaMo', '-plamo', '.x', 'プラモ', 'a b', '']) {
      expect(CATALOG_ID_PATTERN.test(id), id).toBe(catalogIdSchema.safeParse(id).success);
    }
  });

  it('finds the same provider mistakes', () => {
    const cases = [
      { id: 'vllm', displayName: 'vLLM', baseUrl: 'http://vllm:8000/v1', credential: { kind: 'none' } as const },
      { id: 'vllm', displayName: ' ', baseUrl: 'http://vllm:8000/v1', credential: { kind: 'none' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: 'ftp://vllm', credential: { kind: 'none' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: 'not a url', credential: { kind: 'none' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: '', credential: { kind: 'value', value: '' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: '', credential: { kind: 'env', name: 'plamo_key' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: '', credential: { kind: 'env', name: 'PLAMO_API_KEY' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: '', credential: { kind: 'file', path: 'relative/path' } as const },
      { id: 'vllm', displayName: 'vLLM', baseUrl: '', credential: { kind: 'file', path: '/run/secrets/plamo' } as const },
    ];
    for (const input of cases) {
      const body = { id: input.id, displayName: input.displayName, type: 'openai-compatible', baseUrl: input.baseUrl || null, credential: input.credential };
      const web = validateProvider(input, { creating: true, requiresBaseUrl: false });
      expect(Object.keys(web).length === 0, JSON.stringify(input)).toBe(createProviderSchema.safeParse(body).success);
    }
  });

  it('finds the same model mistakes, naming the deployment field', () => {
    const valid: ModelFormInput = {
      id: 'plamo',
      displayName: 'PLaMo',
      vendor: 'PFN',
      contextLength: 32768,
      maxOutputTokens: 4096,
      inputPricePerMTok: 0,
      outputPricePerMTok: 0,
      fallbackModelIds: [],
      deployments: [{ providerId: 'vllm', upstreamModel: 'plamo', weight: 1, enabled: true, connectMs: '', firstTokenMs: '', totalMs: '' }],
    };
    const variants: Partial<ModelFormInput>[] = [
      {},
      { contextLength: 100 },
      { maxOutputTokens: 0 },
      { inputPricePerMTok: -1 },
      { vendor: '' },
      { fallbackModelIds: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { deployments: [{ ...valid.deployments[0], weight: 1001 }] },
      { deployments: [{ ...valid.deployments[0], upstreamModel: ' ' }] },
      { deployments: [{ ...valid.deployments[0], totalMs: 500 }] },
      { deployments: [{ ...valid.deployments[0], firstTokenMs: 5000 }] },
    ];
    for (const variant of variants) {
      const input = { ...valid, ...variant };
      const optional = (v: number | string) => (v === '' ? undefined : Number(v));
      const body = {
        ...input,
        contextLength: Number(input.contextLength),
        maxOutputTokens: Number(input.maxOutputTokens),
        inputPricePerMTok: Number(input.inputPricePerMTok),
        outputPricePerMTok: Number(input.outputPricePerMTok),
        domestic: true,
        maxInformationClass: 2,
        deployments: input.deployments.map((d) => ({
          providerId: d.providerId,
          upstreamModel: d.upstreamModel,
          weight: Number(d.weight),
          enabled: d.enabled,
          timeouts: { connectMs: optional(d.connectMs), firstTokenMs: optional(d.firstTokenMs), totalMs: optional(d.totalMs) },
        })),
      };
      const web = validateModel(input, { creating: true });
      expect(Object.keys(web).length === 0, JSON.stringify(variant)).toBe(createModelSchema.safeParse(body).success);
    }
    expect(validateModel({ ...valid, deployments: [valid.deployments[0], { ...valid.deployments[0], upstreamModel: '' }] }, { creating: true })).toEqual({
      'deployments.1.upstreamModel': '必須です',
    });
  });

  it('finds the same quota mistakes', () => {
    const base = { scope: 'user', organizationId: null, period: 'day' } as const;
    for (const limits of [
      { maxRequests: '', maxTokens: '' },
      { maxRequests: '5', maxTokens: '' },
      { maxRequests: '', maxTokens: '100000' },
      { maxRequests: '-1', maxTokens: '' },
      { maxRequests: '1.5', maxTokens: '' },
      { maxRequests: '0', maxTokens: '0' },
    ]) {
      const web = validateQuota(limits);
      expect(Object.keys(web).length === 0, JSON.stringify(limits)).toBe(quotaRuleInputSchema.safeParse(quotaBody({ ...base, ...limits })).success);
    }
  });
});
