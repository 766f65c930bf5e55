import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';

/**
 * The one place that decides whose audit entries a caller reads: every organisation's for an auditor who is also a
 * platform_admin, otherwise only their own organisation's. Returns the organisation to restrict to, or null for all.
 * Asking for another organisation than one's own answers 404, as if it did not exist.
 */
export function auditedOrganizationId(caller: Caller, requested?: string): string | null {
  const readsAll = caller.roles.includes('auditor') && caller.roles.includes('platform_admin');
  if (readsAll) return requested ?? null;
  if (requested !== undefined && requested !== caller.organizationId) throw ApiException.notFound('organization');
  return caller.organizationId;
}
