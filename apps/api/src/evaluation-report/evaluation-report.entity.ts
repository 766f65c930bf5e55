import type { Locale } from '@gennai/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../identity/user.entity';

/** One generated evaluation report with the bundle it was built from. Columns as in EvaluationReports1796500000005. */
@Entity({ name: 'evaluation_reports' })
@Check('CHK_evaluation_reports_period', `"period_from" <= "period_to"`)
@Check('CHK_evaluation_reports_locale', `"locale" IN ('ja', 'en')`)
@Index('IDX_evaluation_reports_created', ['createdAt'])
export class EvaluationReportRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_evaluation_reports' })
  id!: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom!: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo!: string;

  @Column({ name: 'model_ids', type: 'text', array: true })
  modelIds!: string[];

  @Column({ type: 'varchar', length: 2 })
  locale!: Locale;

  /** SHA-256 of the bundle file (cited in the report; a rebuild from the downloaded bundle must match it). */
  @Column({ name: 'bundle_sha256', type: 'varchar', length: 64 })
  bundleSha256!: string;

  /** The bundle, gzip-compressed; decompresses to exactly the bytes that were hashed. */
  @Column({ name: 'bundle_gzip', type: 'bytea' })
  bundleGzip!: Buffer;

  @Column({ name: 'report_json', type: 'text' })
  reportJson!: string;

  @Column({ name: 'report_html', type: 'text' })
  reportHtml!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evaluation_reports_created_by' })
  creator?: User;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
