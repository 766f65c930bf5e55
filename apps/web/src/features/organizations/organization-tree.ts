import type { OrganizationNodeView } from '@gennai/contracts';

/** A node of the organisation tree with the nodes directly under it, each level by name. */
export interface OrganizationTreeNode {
  node: OrganizationNodeView;
  children: OrganizationTreeNode[];
}

/**
 * The flat list the API answers, as a tree. A node whose parent is not in the list is a root: an organisation
 * administrator sees their organisation's subtree, whose top has a parent outside their scope.
 */
export function buildOrganizationTree(nodes: readonly OrganizationNodeView[]): OrganizationTreeNode[] {
  const byId = new Map(nodes.map((node) => [node.id, { node, children: [] as OrganizationTreeNode[] }]));
  const roots: OrganizationTreeNode[] = [];
  for (const entry of byId.values()) {
    const parent = entry.node.parentId ? byId.get(entry.node.parentId) : undefined;
    (parent ? parent.children : roots).push(entry);
  }
  const byName = (a: OrganizationTreeNode, b: OrganizationTreeNode) => a.node.name.localeCompare(b.node.name, 'ja') || a.node.id.localeCompare(b.node.id);
  const sort = (level: OrganizationTreeNode[]) => {
    level.sort(byName);
    level.forEach((entry) => sort(entry.children));
  };
  sort(roots);
  return roots;
}

/**
 * Organisations only, without their units: what quotas, usage and model access are decided for (the API's list
 * of the tree contains both).
 */
export function organizationsOnly<T extends Pick<OrganizationNodeView, 'kind'>>(nodes: readonly T[]): T[] {
  return nodes.filter((node) => node.kind === 'organization');
}

/** The ids of a node and of every node under it. */
export function subtreeIds(nodes: readonly OrganizationNodeView[], id: string): Set<string> {
  const ids = new Set([id]);
  // Parents may come after their children in the list: repeat until nothing more joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const node of nodes) {
      if (node.parentId && ids.has(node.parentId) && !ids.has(node.id)) {
        ids.add(node.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * Where a node may move, as the API allows it: an organisation to the top or under another organisation, a unit
 * under its own organisation or one of that organisation's units; never under itself or its own descendants.
 * `null` stands for the top of the tree.
 */
export function moveTargets(nodes: readonly OrganizationNodeView[], moving: OrganizationNodeView): (OrganizationNodeView | null)[] {
  const inside = subtreeIds(nodes, moving.id);
  const fits = (parent: OrganizationNodeView) =>
    moving.kind === 'organization' ? parent.kind === 'organization' : parent.organizationId === moving.organizationId;
  const parents = nodes.filter((node) => !inside.has(node.id) && fits(node));
  return moving.kind === 'organization' ? [null, ...parents] : parents;
}
