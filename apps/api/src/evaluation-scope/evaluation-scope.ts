import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { ALL_ORGANIZATIONS, type OrganizationScope, type OrgScope } from '../organizations/organization-scope';

/**
 * Which organisations' evaluation data (ratings, battles, survey answers, usage aggregates) a caller reads — the one
 * place every evaluation service decides it:
 * - an evaluator or platform_admin reads every organisation, or the requested organisation with everything under it;
 * - an org_admin reads their own subtree, or a requested organisation inside it with its subtree (404 outside, as if
 *   it did not exist — the rule of OrganizationScope);
 * - anyone else reads only platform-wide aggregates: asking for one organisation is refused with 403, since the
 *   organisation exists (they belong to one) but its breakdown is not theirs to see.
 * Evaluators reach across organisations for evaluation data only; everywhere else OrganizationScope applies as is.
 */
export function evaluationScope(organizations: OrganizationScope, caller: Caller, requestedOrganizationId?: string | null): OrgScope {
  const requested = requestedOrganizationId || null;
  if (caller.roles.includes('evaluator') || caller.roles.includes('platform_admin')) {
    return requested ? organizations.subtreeOf(requested) : ALL_ORGANIZATIONS;
  }
  if (caller.roles.includes('org_admin')) {
    if (!requested) return organizations.scopeOf(caller);
    organizations.assertAdministers(caller, requested);
    return organizations.subtreeOf(requested);
  }
  if (requested) throw new ApiException(403, 'evaluation_filter_not_allowed');
  return ALL_ORGANIZATIONS;
}
