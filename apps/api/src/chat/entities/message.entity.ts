import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MessageRole, MessageStatus, PiiHandling } from '@gennai/contracts';
import { Conversation } from './conversation.entity';

/**
 * One turn of a conversation. A user's message is stored before any model is called; the
 * model's answer is stored `pending`, then `complete` or `failed` (with the partial text kept).
 */
@Entity({ name: 'messages' })
@Index('IDX_messages_conversation_created', ['conversationId', 'createdAt'])
@Check('CHK_messages_pii_handling', `"pii_handling" IN ('masked', 'confirmed')`)
export class Message {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: Conversation;

  /** Denormalised owner, so every query can be scoped without a join. */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: MessageRole;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MessageStatus;

  /** The model that wrote this answer (assistant messages). */
  @Column({ name: 'model_id', type: 'varchar', length: 200, nullable: true })
  modelId!: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'input_tokens', type: 'integer', nullable: true })
  inputTokens!: number | null;

  @Column({ name: 'output_tokens', type: 'integer', nullable: true })
  outputTokens!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /**
   * A user's message the PII guard let through: 'masked' (the model received — and as history keeps receiving — the
   * masked text; this row keeps what the user typed) or 'confirmed' (sent as typed after the warning).
   */
  @Column({ name: 'pii_handling', type: 'varchar', length: 16, nullable: true })
  piiHandling!: PiiHandling | null;
}
