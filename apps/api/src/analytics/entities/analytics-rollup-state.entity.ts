import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The last roll-up (one row): dashboards show `rolledUpAt`, the instant raw rows were read up to. */
@Entity({ name: 'analytics_rollup_state' })
@Check('CHK_analytics_rollup_state_single', `"id" = 1`)
export class AnalyticsRollupState {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_analytics_rollup_state' })
  id!: number;

  @Column({ name: 'rolled_up_at', type: 'timestamptz' })
  rolledUpAt!: Date;

  /** The days the last run rewrote. */
  @Column({ name: 'first_day', type: 'date' })
  firstDay!: string;

  @Column({ name: 'last_day', type: 'date' })
  lastDay!: string;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;
}
