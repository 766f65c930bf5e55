import type { ApiKeyScope } from '@gennai/contracts';
import { ApiException, type ErrorParam } from '../http/api.exception';
import type { Caller } from '../identity/caller';

/** What each scope opens, as the refusal names it to the program's author. */
const SCOPE_NAMES: Record<ApiKeyScope, ErrorParam> = {
  chat: { ja: 'チャット（/v1/chat/completions）', en: 'chat completions (/v1/chat/completions)' },
  models: { ja: 'モデル一覧（/v1/models）', en: 'listing models (/v1/models)' },
  arena: { ja: 'ブラインド比較（/api/arena/battles）', en: 'blind comparisons (/api/arena/battles)' },
};

/**
 * The scope check of every handler marked @AllowApiKey(): a personal API key does only what its owner chose when
 * creating it (403 `api_key_scope`, naming what was refused); a Keycloak token does everything its roles allow. Call it
 * before anything is read, written or sent, so a refused key leaves no trace but its refusal.
 */
export function requireApiKeyScope(caller: Caller, scope: ApiKeyScope): void {
  if (caller.apiKey && !caller.apiKey.scopes.includes(scope)) throw new ApiException(403, 'api_key_scope', { what: SCOPE_NAMES[scope] });
}
