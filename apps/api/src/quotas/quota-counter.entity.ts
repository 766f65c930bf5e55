import type { QuotaPeriod } from '@gennai/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a user or organisation has used in one day or month. Rows are changed only by single conditional
 * `INSERT … ON CONFLICT DO UPDATE … WHERE` statements, so every API replica sees one count.
 */
@Entity({ name: 'quota_counters' })
export class QuotaCounter {
  /** `organization` or `user`. */
  @PrimaryColumn({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: 'organization' | 'user';

  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  period!: QuotaPeriod;

  /** First day of the window in GENNAI_QUOTA_TIME_ZONE. */
  @PrimaryColumn({ name: 'window_start', type: 'date' })
  windowStart!: string;

  @Column({ type: 'integer', default: 0 })
  requests!: number;

  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  tokens!: number;
}
