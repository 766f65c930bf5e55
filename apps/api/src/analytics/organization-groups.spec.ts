import { describe, expect, it } from 'vitest';
import { type GroupSize, mergeSmallGroups, showsAlone } from './organization-groups';

interface Row extends GroupSize {
  name: string;
  requests: number;
}

const merge = (rows: readonly Row[]): Row => ({
  name: 'その他',
  registeredUsers: rows.reduce((sum, row) => sum + row.registeredUsers, 0),
  activeUsers: rows.reduce((sum, row) => sum + row.activeUsers, 0),
  measured: rows.some((row) => row.measured),
  requests: rows.reduce((sum, row) => sum + row.requests, 0),
});
const row = (name: string, registeredUsers: number, activeUsers: number): Row => ({ name, registeredUsers, activeUsers, measured: activeUsers > 0, requests: activeUsers * 10 });

describe('groups of fewer than five people', () => {
  it('shows a group alone only when its people and its active users are at least five', () => {
    expect(showsAlone(row('a', 5, 5))).toBe(true);
    expect(showsAlone(row('b', 4, 4))).toBe(false);
    // 40 staff of whom 2 used it: the usage numbers would be those two people's.
    expect(showsAlone(row('c', 40, 2))).toBe(false);
    // Nobody used it: "none of 40" is about 40 people.
    expect(showsAlone(row('d', 40, 0))).toBe(true);
  });

  it('merges the small groups into one 「その他」 row', () => {
    const merged = mergeSmallGroups([row('a', 10, 6), row('b', 3, 3), row('c', 4, 2)], merge);
    expect(merged.map((r) => [r.name, r.registeredUsers, r.activeUsers, r.requests])).toEqual([
      ['a', 10, 6, 60],
      ['その他', 7, 5, 50],
    ]);
  });

  it('drops the merged row when it is itself too small', () => {
    expect(mergeSmallGroups([row('a', 10, 6), row('b', 3, 3)], merge).map((r) => r.name)).toEqual(['a']);
  });
});
