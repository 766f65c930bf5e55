import type { InformationClass } from '@gennai/contracts';
import type { CatalogEntry } from '../gateway/catalog/catalog-entry';
import { acceptsInformationClass, mayUse } from '../gateway/model-access.policy';
import type { Caller } from '../identity/caller';

/**
 * The models that may take part in the caller's battle: those the gateway would let the caller use (enabled, their
 * organisation and roles allowed, not switched off for the organisation, within the models of the API key the caller
 * presents, if any) and cleared for the prompt's information class — the same rules the gateway applies again when
 * each side is admitted. The offline demo models are left out — they are not LLMs, and a vote on them would only add
 * noise to the leaderboard — unless the platform runs on its `npm start` defaults with no real model, where they are
 * all there is to compare (`demoInArena`, GENNAI_ARENA_DEMO_MODELS).
 */
export function battleCandidates(caller: Caller, entries: readonly CatalogEntry[], informationClass: InformationClass): string[] {
  return entries.filter((entry) => (!entry.demo || entry.demoInArena === true) && mayUse(caller, entry) && acceptsInformationClass(entry, informationClass)).map((entry) => entry.id);
}
