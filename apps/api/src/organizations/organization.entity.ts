import type { InformationClass, OrganizationKind, PiiPolicy, VendorFeedbackSharing } from '@gennai/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A node of the organisation tree: an organisation (ministry, agency, local government — a Keycloak Organization,
 * named by the token's `organization` claim) or one of its units (局/部 → 課, from the `org_unit` claim).
 * Data belongs to organisations; units group members. See docs/operator/identity.md.
 */
@Entity({ name: 'organizations' })
@Check('CHK_organizations_kind', `"kind" IN ('organization', 'unit')`)
@Check(
  'CHK_organizations_kind_fields',
  `("kind" = 'organization' AND "slug" IS NOT NULL AND "unit_organization_id" IS NULL) OR ("kind" = 'unit' AND "slug" IS NULL AND "parent_id" IS NOT NULL AND "unit_organization_id" IS NOT NULL)`,
)
@Check('CHK_organizations_not_own_parent', `"parent_id" IS DISTINCT FROM "id"`)
@Check('CHK_organizations_pii_policy', `"pii_policy" IN ('warn', 'mask', 'block')`)
@Check('CHK_organizations_conversation_retention', `"conversation_retention_days" IS NULL OR "conversation_retention_days" BETWEEN 1 AND 36500`)
@Check('CHK_organizations_vendor_feedback_sharing', `"vendor_feedback_sharing" IN ('none', 'ratings_only', 'with_text')`)
@Check('CHK_organizations_audit_retention', `"audit_retention_days" IS NULL OR "audit_retention_days" BETWEEN 365 AND 36500`)
@Index('UQ_organizations_unit_source', ['unitOrganizationId', 'unitSourcePath'], { unique: true, where: '"unit_source_path" IS NOT NULL' })
@Index('UQ_organizations_keycloak_id', ['keycloakId'], { unique: true, where: '"keycloak_id" IS NOT NULL' })
export class Organization {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16, default: 'organization' })
  kind!: OrganizationKind;

  /** The Keycloak Organization's alias (organisations only), e.g. `digital-agency`. */
  @Column({ type: 'varchar', length: 100, unique: true, nullable: true })
  slug!: string | null;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('IDX_organizations_parent')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_organizations_parent' })
  parent?: Organization;

  /** For a unit: the organisation it belongs to. */
  @Column({ name: 'unit_organization_id', type: 'uuid', nullable: true })
  unitOrganizationId!: string | null;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_organization_id', foreignKeyConstraintName: 'FK_organizations_unit_organization' })
  unitOrganization?: Organization;

  /** For a unit synced from tokens: the `org_unit` path it was created from (e.g. `情報局/総務課`). */
  @Column({ name: 'unit_source_path', type: 'varchar', length: 500, nullable: true })
  unitSourcePath!: string | null;

  /** The Keycloak Organization's id, recorded at the first sign-in that names it. */
  @Column({ name: 'keycloak_id', type: 'varchar', length: 64, nullable: true })
  keycloakId!: string | null;

  /** 機密性 a new conversation gets unless the user chooses another. */
  @Column({ name: 'default_information_class', type: 'smallint', default: 2 })
  defaultInformationClass!: InformationClass;

  /** Whether audit entries about messages keep the text itself, or only its SHA-256 (docs/operator/audit.md). */
  @Column({ name: 'audit_keeps_message_text', type: 'boolean', default: false })
  auditKeepsMessageText!: boolean;

  /** Catalogue models this organisation's administrators switched off for its members. */
  @Column({ name: 'disabled_model_ids', type: 'text', array: true, default: () => "'{}'" })
  disabledModelIds!: string[];

  /** What the PII guard does with personal data in a message before it leaves Gennai (docs/operator/pii-guard.md). */
  @Column({ name: 'pii_policy', type: 'varchar', length: 16, default: 'warn' })
  piiPolicy!: PiiPolicy;

  /** Whether conversations of 機密性3 are allowed at all (on top of each model's ceiling). */
  @Column({ name: 'confidential_class_enabled', type: 'boolean', default: false })
  confidentialClassEnabled!: boolean;

  /** Days conversations are kept after their last activity; null keeps them (docs/operator/retention.md). */
  @Column({ name: 'conversation_retention_days', type: 'integer', nullable: true })
  conversationRetentionDays!: number | null;

  /** Days audit entries are kept; null keeps them. At least 365 (docs/operator/retention.md). */
  @Column({ name: 'audit_retention_days', type: 'integer', nullable: true })
  auditRetentionDays!: number | null;

  /** For an organisation of a model vendor's staff: the catalogue `models.vendor` it represents (platform_admin sets it). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  vendor!: string | null;

  /** What model vendors receive of the members' feedback (docs/operator/vendor-feedback.md). */
  @Column({ name: 'vendor_feedback_sharing', type: 'varchar', length: 16, default: 'ratings_only' })
  vendorFeedbackSharing!: VendorFeedbackSharing;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
