import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A computed leaderboard for one normalised filter, with the data version it was computed from (vote count and latest
 * vote time in the filter). Shared by the API's replicas; a derived cache. Columns as in LeaderboardSnapshots1796500000001.
 */
@Entity({ name: 'leaderboard_snapshots' })
@Index('IDX_leaderboard_snapshots_computed', ['computedAt'])
export class LeaderboardSnapshot {
  /** SHA-256 (hex) of the normalised filter. */
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'PK_leaderboard_snapshots' })
  key!: string;

  @Column({ type: 'jsonb' })
  filter!: unknown;

  @Column({ name: 'vote_count', type: 'integer' })
  voteCount!: number;

  @Column({ name: 'last_voted_at', type: 'timestamptz', nullable: true })
  lastVotedAt!: Date | null;

  @Column({ type: 'jsonb' })
  result!: unknown;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;
}
