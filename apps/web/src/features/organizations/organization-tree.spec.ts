import { describe, expect, it } from 'vitest';
import { organizationNode, unitNode } from '../../testing/organization-nodes';
import { buildOrganizationTree, moveTargets, organizationsOnly } from './organization-tree';

const MINISTRY = organizationNode({ id: 'm', name: 'デジタル庁' });
const AGENCY = organizationNode({ id: 'a', name: '外局', parentId: MINISTRY.id });
const CITY = organizationNode({ id: 'c', name: '横須賀市' });
const BUREAU = unitNode(MINISTRY, { id: 'b', name: '戦略組織グループ' });
const SECTION = unitNode(BUREAU, { id: 's', name: '総務課' });
const ALL = [SECTION, CITY, BUREAU, AGENCY, MINISTRY];

describe('organization tree', () => {
  it('nests children under their parents whatever order the list comes in, each level by name', () => {
    const names = (entries: ReturnType<typeof buildOrganizationTree>): unknown[] => entries.map((e) => (e.children.length ? [e.node.name, names(e.children)] : e.node.name));
    expect(names(buildOrganizationTree(ALL))).toEqual([['デジタル庁', ['外局', ['戦略組織グループ', ['総務課']]]], '横須賀市']);
  });

  it('makes a node whose parent is out of sight a root (an organisation administrator’s subtree)', () => {
    expect(buildOrganizationTree([SECTION, BUREAU]).map((e) => e.node.name)).toEqual(['戦略組織グループ']);
  });

  it('keeps organisations and drops units for pickers of organisations', () => {
    expect(organizationsOnly(ALL).map((n) => n.id)).toEqual(['c', 'a', 'm']);
  });

  it('moves an organisation to the top or under another organisation, never into its own subtree', () => {
    expect(moveTargets(ALL, MINISTRY).map((n) => n?.id ?? null)).toEqual([null, 'c']);
    expect(moveTargets(ALL, AGENCY).map((n) => n?.id ?? null)).toEqual([null, 'c', 'm']);
  });

  it('moves a unit only within its own organisation', () => {
    expect(moveTargets(ALL, SECTION).map((n) => n?.id)).toEqual(['b', 'm']);
    expect(moveTargets(ALL, BUREAU).map((n) => n?.id)).toEqual(['m']);
  });
});
