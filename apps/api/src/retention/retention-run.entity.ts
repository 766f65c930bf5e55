import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RetentionTrigger = 'schedule' | 'cli';
export type RetentionRunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/**
 * One run of the retention job and what it deleted. The counts move in the same transaction as each batch, so they
 * are exact even for a run that was interrupted (left `running`; the next run marks it `interrupted`).
 * Columns as in Retention1796300000000.
 */
@Entity({ name: 'retention_runs' })
@Check('CHK_retention_runs_trigger', `"trigger" IN ('schedule', 'cli')`)
@Check('CHK_retention_runs_status', `"status" IN ('running', 'completed', 'failed', 'interrupted')`)
@Index('IDX_retention_runs_started', ['startedAt'])
export class RetentionRun {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_retention_runs' })
  id!: string;

  /** The API's schedule, or an operator's `npm run retention:run`. */
  @Column({ type: 'varchar', length: 16 })
  trigger!: RetentionTrigger;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status!: RetentionRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'conversations_deleted', type: 'integer', default: 0 })
  conversationsDeleted!: number;

  @Column({ name: 'messages_deleted', type: 'integer', default: 0 })
  messagesDeleted!: number;

  @Column({ name: 'ratings_deleted', type: 'integer', default: 0 })
  ratingsDeleted!: number;

  @Column({ name: 'audit_entries_deleted', type: 'integer', default: 0 })
  auditEntriesDeleted!: number;

  /** Remembered sign-in sessions forgotten (audit_sign_ins rows older than any session can last). */
  @Column({ name: 'sign_ins_deleted', type: 'integer', default: 0 })
  signInsDeleted!: number;

  /** Why a failed run stopped. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
