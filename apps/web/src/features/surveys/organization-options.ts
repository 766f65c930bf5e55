import type { EvaluationOrganizationView } from '@gennai/contracts';

/** An organisation as a picker lists it: in tree order, with how deep it sits (0 at the top of what the caller sees). */
export interface OrganizationOption {
  id: string;
  name: string;
  depth: number;
}

/**
 * GET /api/evaluation/organizations as a list in tree order (each organisation followed by those under it, each level
 * by name), so pickers can indent it. A parent outside the list makes a top-level entry (an org_admin's subtree).
 */
export function organizationOptions(organizations: readonly EvaluationOrganizationView[]): OrganizationOption[] {
  const ids = new Set(organizations.map((organization) => organization.id));
  const children = new Map<string | null, EvaluationOrganizationView[]>();
  for (const organization of organizations) {
    const parent = organization.parentId && ids.has(organization.parentId) ? organization.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), organization]);
  }
  const options: OrganizationOption[] = [];
  const visit = (parent: string | null, depth: number) => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.id.localeCompare(b.id));
    for (const organization of level) {
      options.push({ id: organization.id, name: organization.name, depth });
      visit(organization.id, depth + 1);
    }
  };
  visit(null, 0);
  return options;
}
