import type { InformationClass } from '@gennai/contracts';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import type { CatalogEntry } from './catalog/catalog-entry';

/**
 * Whether the caller may use a model at all: it is enabled, their organisation and one of their roles are allowed
 * (empty lists allow everyone), their organisation has not switched it off, and — when they call with a personal API key — the key is scoped to it.
 */
export function mayUse(caller: Caller, entry: CatalogEntry): boolean {
  if (!entry.enabled) return false;
  const { organizationIds, roles } = entry.access;
  if (organizationIds.length && !organizationIds.includes(caller.organizationId)) return false;
  if (roles.length && !roles.some((role) => caller.roles.includes(role))) return false;
  if (caller.disabledModelIds?.includes(entry.id)) return false;
  const keyModels = caller.apiKey?.modelIds;
  return !keyModels?.length || keyModels.includes(entry.id);
}

/** Whether a conversation of `informationClass` may be sent to the model. */
export function acceptsInformationClass(entry: CatalogEntry, informationClass: InformationClass): boolean {
  return informationClass <= entry.maxInformationClass;
}

/**
 * Why the caller may not send a conversation of this class to this model, as the error to answer with; null when
 * allowed. An unknown or disabled model is `unknown_model` for callers who could not see it anyway.
 */
export function refusalFor(caller: Caller, entry: CatalogEntry | undefined, modelId: string, informationClass: InformationClass): ApiException | null {
  if (!entry || !entry.enabled) return new ApiException(400, 'unknown_model', { modelId });
  if (!mayUse(caller, entry)) return new ApiException(403, 'model_not_allowed', { modelId: entry.label });
  if (!acceptsInformationClass(entry, informationClass)) {
    return new ApiException(403, 'information_class_exceeded', {
      conversationClass: informationClass,
      modelId: entry.label,
      modelClass: entry.maxInformationClass,
    });
  }
  return null;
}
