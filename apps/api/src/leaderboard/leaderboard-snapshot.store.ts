import type { LeaderboardView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import type { DataVersion } from './leaderboard-votes.repository';

/** Snapshots not recomputed for this long are deleted (a filter nobody has asked for since; custom periods pile up). */
const SNAPSHOT_LIFETIME = '30 days';

export interface StoredSnapshot {
  readonly version: DataVersion;
  readonly view: LeaderboardView;
}

/**
 * The leaderboard cache shared by the API's replicas: a row per filter key in `leaderboard_snapshots`. A write keeps
 * the newer of two computations of the same key (replicas may race); the table is derived and may be emptied at any
 * time.
 */
export class LeaderboardSnapshotStore {
  constructor(private readonly dataSource: DataSource) {}

  async read(key: string): Promise<StoredSnapshot | null> {
    const [row] = (await this.dataSource.query(`SELECT vote_count, last_voted_at, result FROM leaderboard_snapshots WHERE key = $1`, [key])) as {
      vote_count: number;
      last_voted_at: Date | null;
      result: LeaderboardView;
    }[];
    return row ? { version: { votes: row.vote_count, lastVotedAt: row.last_voted_at }, view: row.result } : null;
  }

  async write(snapshot: { key: string; filter: unknown; version: DataVersion; view: LeaderboardView; computedAt: Date; durationMs: number }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO leaderboard_snapshots (key, filter, vote_count, last_voted_at, result, computed_at, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET filter = EXCLUDED.filter, vote_count = EXCLUDED.vote_count, last_voted_at = EXCLUDED.last_voted_at,
         result = EXCLUDED.result, computed_at = EXCLUDED.computed_at, duration_ms = EXCLUDED.duration_ms
       WHERE leaderboard_snapshots.computed_at < EXCLUDED.computed_at`,
      [
        snapshot.key,
        JSON.stringify(snapshot.filter),
        snapshot.version.votes,
        snapshot.version.lastVotedAt,
        JSON.stringify(snapshot.view),
        snapshot.computedAt,
        snapshot.durationMs,
      ],
    );
    await this.dataSource.query(`DELETE FROM leaderboard_snapshots WHERE computed_at < now() - interval '${SNAPSHOT_LIFETIME}'`);
  }
}
