import type { Caller } from '../identity/caller';
import type { OrganizationScope } from '../organizations/organization-scope';
import type { Survey } from './survey.entity';

/**
 * Whether a survey is addressed to the caller: their organisation is one of the targets or under one (the tree as
 * OrganizationScope holds it), and they hold one of the target roles. Empty targets mean everyone.
 */
export function isInAudience(survey: Pick<Survey, 'targetOrganizationIds' | 'targetRoles'>, caller: Caller, organizations: OrganizationScope): boolean {
  const roleMatches = survey.targetRoles.length === 0 || survey.targetRoles.some((role) => caller.roles.includes(role));
  return roleMatches && (audienceOrganizations(survey, organizations)?.includes(caller.organizationId) ?? true);
}

/** Every organisation the survey is addressed to (targets and those under them), or null for all of them. */
export function audienceOrganizations(survey: Pick<Survey, 'targetOrganizationIds'>, organizations: OrganizationScope): string[] | null {
  if (survey.targetOrganizationIds.length === 0) return null;
  const ids = new Set<string>();
  for (const target of survey.targetOrganizationIds) {
    const scope = organizations.subtreeOf(target);
    if (!scope.all) scope.organizationIds.forEach((id) => ids.add(id));
  }
  return [...ids];
}
