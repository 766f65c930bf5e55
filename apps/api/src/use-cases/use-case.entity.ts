import type { UseCaseAudience, UseCaseRiskLevel, UseCaseStatus, UseCaseWorkNature, VendorTrainingUse } from '@gennai/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';

/**
 * One way an organisation uses generative AI, as recorded in its use-case register (DS-920): what it is for, the
 * screening answers, the risk level, who answers for it, and where it stands. Columns as in UseCases1796400000000.
 */
@Entity({ name: 'ai_use_cases' })
@Check('CHK_ai_use_cases_audience', `"audience" IN ('staff', 'staff_and_partners', 'public')`)
@Check('CHK_ai_use_cases_work_nature', `"work_nature" IN ('internal_admin', 'policy_planning', 'public_service', 'rights_decision')`)
@Check('CHK_ai_use_cases_vendor_training', `"vendor_training_use" IN ('none', 'possible', 'unknown')`)
@Check('CHK_ai_use_cases_computed_risk', `"computed_risk_level" IN ('high', 'medium', 'low')`)
@Check(
  'CHK_ai_use_cases_override',
  `("risk_override_level" IS NULL AND "risk_override_reason" IS NULL) OR ("risk_override_level" IN ('high', 'medium', 'low') AND "risk_override_reason" IS NOT NULL)`,
)
@Check('CHK_ai_use_cases_status', `"status" IN ('draft', 'in_review', 'approved', 'retired')`)
@Check('CHK_ai_use_cases_retired', `("status" = 'retired') = ("retired_at" IS NOT NULL)`)
@Index('IDX_ai_use_cases_org_status', ['organizationId', 'status'])
export class UseCase {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_ai_use_cases' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_ai_use_cases_organization' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'varchar', length: 32 })
  audience!: UseCaseAudience;

  @Column({ name: 'work_nature', type: 'varchar', length: 32 })
  workNature!: UseCaseWorkNature;

  /** Whether confidential information or personal data may be entered. */
  @Column({ name: 'confidential_data_input', type: 'boolean' })
  confidentialDataInput!: boolean;

  @Column({ name: 'vendor_training_use', type: 'varchar', length: 16 })
  vendorTrainingUse!: VendorTrainingUse;

  /** Whether staff review outputs before they are used. */
  @Column({ name: 'human_review', type: 'boolean' })
  humanReview!: boolean;

  /** Catalogue models the use relies on (no foreign key: the register outlives models removed from the catalogue). */
  @Column({ name: 'model_ids', type: 'text', array: true, default: () => "'{}'" })
  modelIds!: string[];

  /** What the screening rule (assessUseCaseRisk) gave for the answers when they were last saved. */
  @Column({ name: 'computed_risk_level', type: 'varchar', length: 8 })
  computedRiskLevel!: UseCaseRiskLevel;

  @Column({ name: 'risk_override_level', type: 'varchar', length: 8, nullable: true })
  riskOverrideLevel!: UseCaseRiskLevel | null;

  @Column({ name: 'risk_override_reason', type: 'text', nullable: true })
  riskOverrideReason!: string | null;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'FK_ai_use_cases_owner' })
  owner?: User;

  /** The owner's name as recorded (also for owners without a Gennai account). */
  @Column({ name: 'owner_name', type: 'varchar', length: 200 })
  ownerName!: string;

  @Column({ name: 'owner_contact', type: 'varchar', length: 200, nullable: true })
  ownerContact!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: UseCaseStatus;

  /** When the use case was last approved, and by whom. */
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'FK_ai_use_cases_reviewer' })
  reviewer?: User;

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn!: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'retired_reason', type: 'text', nullable: true })
  retiredReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
