import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RatingValue } from '@gennai/contracts';
import { Message } from '../chat/entities/message.entity';

/** A like or dislike of one answer by one user (いいねボタン), with the model that wrote the answer. */
@Entity({ name: 'answer_ratings' })
@Index('UQ_answer_ratings_message_user', ['messageId', 'userId'], { unique: true })
@Index('IDX_answer_ratings_model_created', ['modelId', 'createdAt'])
export class AnswerRating {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: Message;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 200 })
  modelId!: string;

  @Column({ type: 'varchar', length: 16 })
  value!: RatingValue;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** Reason tags (正確, 誤り, 遅い, …): ids from RATING_TAGS for the rating's polarity. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** The app the answer was given in (`chat`, …): satisfaction is read per app. */
  @Column({ type: 'varchar', length: 16, default: 'chat' })
  app!: string;

  /** The conversation's task category when rated, so satisfaction is read per kind of work without a join. */
  @Column({ name: 'task_category', type: 'varchar', length: 32, nullable: true })
  taskCategory!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
