import type { Caller } from '../identity/caller';

/**
 * The one place that decides which organisations an administrator manages: every organisation for a
 * platform_admin, only their own for an org_admin. Admin queries (quotas, usage, organisations) go through this.
 */
export function administeredOrganizationId(caller: Caller): string | null {
  return caller.roles.includes('platform_admin') ? null : caller.organizationId;
}

/** Whether the caller administers this organisation (`null`, the platform defaults, only a platform_admin). */
export function administers(caller: Caller, organizationId: string | null): boolean {
  const own = administeredOrganizationId(caller);
  return own === null || own === organizationId;
}
