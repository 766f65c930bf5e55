import type { QuotaPeriod, QuotaScope } from '@gennai/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';

/**
 * A limit on requests and/or tokens per day or month, for an organisation's total (`organization`) or for each of
 * its users (`user`). `organizationId` null is the platform default, replaced by an organisation's own rule.
 */
@Entity({ name: 'quota_rules' })
@Index('UQ_quota_rules_org', ['scope', 'organizationId', 'period'], { unique: true, where: '"organization_id" IS NOT NULL' })
@Index('UQ_quota_rules_default', ['scope', 'period'], { unique: true, where: '"organization_id" IS NULL' })
export class QuotaRule {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  scope!: QuotaScope;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 8 })
  period!: QuotaPeriod;

  @Column({ name: 'max_requests', type: 'integer', nullable: true })
  maxRequests!: number | null;

  @Column({ name: 'max_tokens', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  maxTokens!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
