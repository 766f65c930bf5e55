import { type OrgScope, scopeCondition } from '../organizations/organization-scope';

/**
 * The one place the use-case register and the CAIO view restrict a query to the organisations a caller may see
 * (OrganizationScope: their organisation and those under it; every organisation for a platform_admin). Returns the
 * SQL condition on `column`, its value pushed onto `params`, or null when the scope is everything.
 */
export function scopedWhere(scope: OrgScope, column: string, params: unknown[]): string | null {
  return scopeCondition(scope, column, (value) => `$${params.push(value)}`);
}
