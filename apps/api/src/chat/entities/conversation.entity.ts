import type { InformationClass, TaskCategorySource } from '@gennai/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../identity/user.entity';
import { Organization } from '../../organizations/organization.entity';

@Entity({ name: 'conversations' })
@Index('IDX_conversations_owner_recent', ['organizationId', 'userId', 'updatedAt'])
export class Conversation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 200 })
  modelId!: string;

  /** 機密性 of the conversation: never sent to a model whose ceiling is lower. */
  @Column({ name: 'information_class', type: 'smallint', default: 2 })
  informationClass!: InformationClass;

  /** What the user asks for in it (TASK_CATEGORIES), null until the first message is classified. */
  @Column({ name: 'task_category', type: 'varchar', length: 32, nullable: true })
  taskCategory!: string | null;

  /** Who set the category: the offline classifier (`rules`), an LLM judge (`judge`) or an administrator (`admin`). */
  @Column({ name: 'task_category_source', type: 'varchar', length: 16, nullable: true })
  taskCategorySource!: TaskCategorySource | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Moves forward with every message: history is listed newest first by this. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
