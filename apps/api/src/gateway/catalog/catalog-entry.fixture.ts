import type { CatalogEntry } from './catalog-entry';

/**
 * A catalogue entry for unit tests: an enabled, configured OpenAI-compatible model open to everyone, with
 * `overrides` for what a test is about.
 */
export function catalogEntry(id: string, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    label: id,
    source: 'configuration',
    providerType: 'openai-compatible',
    demo: false,
    vendor: null,
    domestic: true,
    maxInformationClass: 2,
    capabilities: ['streaming'],
    contextLength: null,
    maxOutputTokens: null,
    pricing: { inputPerMTok: 0, outputPerMTok: 0, currency: 'JPY' },
    enabled: true,
    fallbackModelIds: [],
    access: { organizationIds: [], roles: [] },
    deployments: [],
    ...overrides,
  };
}
