import { MIN_GROUP_SIZE } from '@gennai/contracts';

/** The part of an organisation's row the anonymity rule looks at. */
export interface GroupSize {
  registeredUsers: number;
  activeUsers: number;
  /** Whether anything was measured for the group (requests or ratings): its numbers describe its active users. */
  measured: boolean;
}

/**
 * Whether a group may be shown alone (design of issue 5: groups of fewer than MIN_GROUP_SIZE people are never shown
 * alone). Its counts of people must come from at least MIN_GROUP_SIZE registered users, and its usage numbers from at
 * least MIN_GROUP_SIZE active users — an organisation of 40 staff where 2 used Gennai would otherwise show those
 * two people's requests, tokens and ratings.
 */
export function showsAlone(group: GroupSize): boolean {
  if (group.registeredUsers < MIN_GROUP_SIZE) return false;
  return group.activeUsers >= MIN_GROUP_SIZE || (group.activeUsers === 0 && !group.measured);
}

/**
 * Splits rows into those shown alone and the rest, merged with `merge` into one 「その他」 row — itself dropped when
 * it is too small to show (its numbers stay in the totals).
 */
export function mergeSmallGroups<T extends GroupSize>(rows: readonly T[], merge: (small: readonly T[]) => T): T[] {
  const shown = rows.filter(showsAlone);
  const small = rows.filter((row) => !showsAlone(row));
  if (!small.length) return shown;
  const other = merge(small);
  return showsAlone(other) ? [...shown, other] : shown;
}
