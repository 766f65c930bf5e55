import type { LocalizedText, Role, SurveyQuestionView, SurveyStatus } from '@gennai/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../identity/user.entity';

/** A questionnaire evaluators put to staff. Columns as in Surveys1796500000002. */
@Entity({ name: 'surveys' })
@Check('CHK_surveys_status', `"status" IN ('draft', 'published', 'closed')`)
@Check('CHK_surveys_period', `"closes_at" > "opens_at"`)
@Index('IDX_surveys_status_closes', ['status', 'closesAt'])
export class Survey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_surveys' })
  id!: string;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  @Column({ type: 'jsonb' })
  description!: LocalizedText;

  /** Frozen once published: answers and results refer to these ids. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  questions!: SurveyQuestionView[];

  /** Organisations asked, each with the organisations under it; empty = everyone. */
  @Column({ name: 'target_organization_ids', type: 'uuid', array: true, default: () => "'{}'" })
  targetOrganizationIds!: string[];

  /** Roles asked; empty = everyone. */
  @Column({ name: 'target_roles', type: 'text', array: true, default: () => "'{}'" })
  targetRoles!: Role[];

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt!: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: SurveyStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_surveys_created_by' })
  creator?: User;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
