import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';

/**
 * A legal hold (訴訟ホールド): while active, the retention job deletes none of a user's conversations (a hold on the
 * user) or one conversation (a hold on it). Released holds stay as the record. Columns as in Retention1796300000000;
 * no foreign keys to the user, the conversation or the administrators, as the record outlives them.
 */
@Entity({ name: 'legal_holds' })
@Check('CHK_legal_holds_one_subject', `("user_id" IS NULL) <> ("conversation_id" IS NULL)`)
@Check('CHK_legal_holds_release', `("released_at" IS NULL) = ("released_by" IS NULL)`)
@Index('IDX_legal_holds_org_placed', ['organizationId', 'placedAt'])
@Index('UQ_legal_holds_active_user', ['userId'], { unique: true, where: '"released_at" IS NULL AND "user_id" IS NOT NULL' })
@Index('UQ_legal_holds_active_conversation', ['conversationId'], { unique: true, where: '"released_at" IS NULL AND "conversation_id" IS NOT NULL' })
export class LegalHold {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_legal_holds' })
  id!: string;

  /** The organisation the held user or conversation belongs to: whose administrators see and release the hold. */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_legal_holds_organization' })
  organization?: Organization;

  /** Set for a hold on a user: every conversation of theirs is kept. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** Set for a hold on one conversation. */
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'placed_by', type: 'uuid' })
  placedBy!: string;

  @Column({ name: 'placed_at', type: 'timestamptz', default: () => 'now()' })
  placedAt!: Date;

  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy!: string | null;

  /** Null while the hold is active. */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
