import type { InformationClass } from '@gennai/contracts';
import type { CatalogEntry } from '../gateway/catalog/catalog-entry';
import { acceptsInformationClass, mayUse } from '../gateway/model-access.policy';
import type { Caller } from '../identity/caller';

/**
 * The models that may take part in the caller's battle: those the gateway would let the caller use (enabled, their
 * organisation and roles allowed, not switched off for the organisation) and cleared for the prompt's information
 * class — the same rules the gateway applies again when each side is admitted. The offline demo model is left out:
 * it is not an LLM, and a vote on it would only add noise to the leaderboard.
 */
export function battleCandidates(caller: Caller, entries: readonly CatalogEntry[], informationClass: InformationClass): string[] {
  return entries.filter((entry) => !entry.demo && mayUse(caller, entry) && acceptsInformationClass(entry, informationClass)).map((entry) => entry.id);
}
