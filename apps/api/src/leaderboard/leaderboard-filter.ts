import type { leaderboardQuerySchema } from '@gennai/contracts';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { OrgScope } from '../organizations/organization-scope';

/** GET /api/evaluation/leaderboard query, after validation. */
export type LeaderboardQueryInput = z.output<typeof leaderboardQuerySchema>;

/** Which votes a leaderboard is fitted on, with the organisations already resolved from the caller's scope. */
export interface LeaderboardFilter {
  /** Calendar days in the platform's time zone, `to` inclusive; null = open. */
  readonly from: string | null;
  readonly to: string | null;
  /** The organisation asked for (its subtree is in `scope`), for the view. */
  readonly organizationId: string | null;
  readonly scope: OrgScope;
  readonly category: string | null;
  readonly app: string | null;
  readonly styleControl: boolean;
}

/**
 * The cache key of a filter and the bootstrap seed that goes with it. The key names the organisations themselves (the
 * resolved subtree), so moving an organisation in the tree gives a new key rather than a stale answer; the seed is
 * derived from the key, so the same filter on the same votes gives the same intervals on every replica, every time.
 */
export function filterIdentity(filter: LeaderboardFilter): { key: string; normalised: Record<string, unknown>; seed: number } {
  const normalised = {
    from: filter.from,
    to: filter.to,
    organizations: filter.scope.all ? 'all' : [...filter.scope.organizationIds].sort(),
    category: filter.category,
    app: filter.app,
    styleControl: filter.styleControl,
  };
  const digest = createHash('sha256').update(JSON.stringify(normalised)).digest();
  // A positive 31-bit seed: the library's xoshiro streams are seeded from a 32-bit integer.
  return { key: digest.toString('hex'), normalised, seed: digest.readUInt32BE(0) >>> 1 };
}
