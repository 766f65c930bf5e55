import { describe, expect, it } from 'vitest';
import type { Caller } from '../identity/caller';
import type { CatalogEntry } from './catalog/catalog-entry';
import { catalogEntry } from './catalog/catalog-entry.fixture';
import { mayUse, refusalFor } from './model-access.policy';

const entry = (overrides: Partial<CatalogEntry> = {}): CatalogEntry =>
  catalogEntry('tsuzumi-2', { label: 'tsuzumi 2', source: 'database', providerType: 'azure-openai', vendor: 'NTT', contextLength: 32_768, maxOutputTokens: 4096, pricing: { inputPerMTok: 100, outputPerMTok: 300, currency: 'JPY' }, ...overrides });
const caller: Caller = { userId: 'u1', organizationId: 'org-a', roles: ['user'] };

describe('model access policy', () => {
  it('lets everyone use a model with no access rules', () => {
    expect(mayUse(caller, entry())).toBe(true);
  });

  it('limits a model to the organisations listed', () => {
    expect(mayUse(caller, entry({ access: { organizationIds: ['org-b'], roles: [] } }))).toBe(false);
    expect(mayUse(caller, entry({ access: { organizationIds: ['org-b', 'org-a'], roles: [] } }))).toBe(true);
  });

  it('limits a model to the roles listed', () => {
    expect(mayUse(caller, entry({ access: { organizationIds: [], roles: ['evaluator'] } }))).toBe(false);
    expect(mayUse({ ...caller, roles: ['user', 'evaluator'] }, entry({ access: { organizationIds: [], roles: ['evaluator'] } }))).toBe(true);
  });

  it('hides a disabled model from everyone', () => {
    expect(mayUse(caller, entry({ enabled: false }))).toBe(false);
    expect(refusalFor(caller, entry({ enabled: false }), 'tsuzumi-2', 1)).toMatchObject({ statusCode: 400, code: 'unknown_model' });
  });

  it('holds a personal API key to the models it is scoped to', () => {
    const withKey: Caller = { ...caller, apiKey: { id: 'k', modelIds: ['plamo'], scopes: ['chat'] } };
    expect(mayUse(withKey, entry())).toBe(false);
    expect(mayUse({ ...withKey, apiKey: { id: 'k', modelIds: [], scopes: ['chat'] } }, entry())).toBe(true);
  });

  it('refuses a conversation above the model’s information class, naming both classes', () => {
    const refusal = refusalFor(caller, entry({ maxInformationClass: 1 }), 'tsuzumi-2', 2);
    expect(refusal).toMatchObject({ statusCode: 403, code: 'information_class_exceeded', params: { conversationClass: 2, modelClass: 1, modelId: 'tsuzumi 2' } });
    expect(refusalFor(caller, entry({ maxInformationClass: 3 }), 'tsuzumi-2', 3)).toBeNull();
  });

  it('answers unknown_model for a model that does not exist', () => {
    expect(refusalFor(caller, undefined, 'gpt-unknown', 1)).toMatchObject({ statusCode: 400, code: 'unknown_model', params: { modelId: 'gpt-unknown' } });
  });
});
