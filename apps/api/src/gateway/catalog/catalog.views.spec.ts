import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from './catalog-entry';
import { toProviderView, toReadOnlyModelView } from './catalog.views';
import { Provider } from './provider.entity';

const SECRET_CIPHERTEXT = 'v1:aXY=:dGFn:c2VjcmV0LWNpcGhlcnRleHQ=';

function provider(fields: Partial<Provider>): Provider {
  return Object.assign(new Provider(), {
    id: 'plamo',
    displayName: 'PLaMo API',
    type: 'openai-compatible',
    baseUrl: 'https://api.platform.preferredai.jp/v1',
    settings: {},
    credentialKind: 'none',
    credentialReference: null,
    credentialCiphertext: null,
    createdAt: new Date('2026-04-01T00:00:00Z'),
    updatedAt: new Date('2026-04-02T00:00:00Z'),
    ...fields,
  });
}

describe('toProviderView', () => {
  it('says a credential is stored encrypted without giving the ciphertext', () => {
    const view = toProviderView(provider({ credentialKind: 'encrypted', credentialCiphertext: SECRET_CIPHERTEXT }));
    expect(view.credential).toEqual({ kind: 'encrypted', reference: null });
    expect(JSON.stringify(view)).not.toContain('c2VjcmV0');
  });

  it('shows where a referenced credential comes from', () => {
    expect(toProviderView(provider({ credentialKind: 'env', credentialReference: 'PLAMO_API_KEY' })).credential).toEqual({ kind: 'env', reference: 'PLAMO_API_KEY' });
    expect(toProviderView(provider({ credentialKind: 'file', credentialReference: '/var/run/secrets/plamo/api-key' })).credential).toEqual({
      kind: 'file',
      reference: '/var/run/secrets/plamo/api-key',
    });
  });
});

describe('toReadOnlyModelView', () => {
  it('shows a configured model with its deployments but no endpoint or key', () => {
    const entry = {
      id: 'elyza',
      label: 'Llama-3.1-ELYZA-JP-70B',
      source: 'configuration',
      vendor: 'ELYZA',
      domestic: true,
      maxInformationClass: 2,
      capabilities: ['streaming'],
      contextLength: 32768,
      maxOutputTokens: 4096,
      pricing: { inputPerMTok: 0, outputPerMTok: 0, currency: 'JPY' },
      enabled: true,
      fallbackModelIds: [],
      access: { organizationIds: [], roles: [] },
      deployments: [{ id: 'config:elyza:0', modelId: 'elyza', weight: 2 }],
    } as unknown as CatalogEntry;
    const config = { deployments: [{ baseUrl: 'http://vllm-a:8000/v1', model: 'elyza/Llama-3.1-ELYZA-JP-70B', apiKey: 'sk-config-secret', weight: 2 }] };
    const view = toReadOnlyModelView(entry, config as never, () => 'open');
    expect(view).toMatchObject({ source: 'configuration', createdAt: null });
    expect(view.deployments).toEqual([
      { id: 'config:elyza:0', providerId: 'config:elyza', upstreamModel: 'elyza/Llama-3.1-ELYZA-JP-70B', weight: 2, enabled: true, timeouts: {}, circuit: 'open' },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/sk-config-secret|vllm-a/);
  });
});
