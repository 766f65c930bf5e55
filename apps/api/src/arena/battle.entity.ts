import type { BattleStatus, BattleWinner, InformationClass, PiiHandling, TaskCategorySource } from '@gennai/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';
import type { BattleApp } from './battle-app';

/** Status of one side's answer in a battle. */
export type BattleAnswerStatus = 'pending' | 'complete' | 'failed';

/**
 * One blind side-by-side comparison: a prompt, two models in the positions they were shown (`a` left, `b` right),
 * both answers with their timings and style features, and the user's vote. The vote is immutable (a trigger refuses
 * to change it). Columns as in EvaluationFeedbackBattles1796500000000.
 */
@Entity({ name: 'battles' })
@Check('CHK_battles_distinct_models', `"model_a" <> "model_b"`)
@Check('CHK_battles_status', `"status" IN ('streaming', 'awaiting_vote', 'voted', 'failed')`)
@Check('CHK_battles_answer_status', `"status_a" IN ('pending', 'complete', 'failed') AND "status_b" IN ('pending', 'complete', 'failed')`)
@Check('CHK_battles_winner', `"winner" IS NULL OR "winner" IN ('a', 'b', 'tie', 'both_bad')`)
@Check('CHK_battles_vote', `("winner" IS NULL) = ("voted_at" IS NULL) AND ("winner" IS NULL) = ("status" <> 'voted')`)
@Index('IDX_battles_user_created', ['userId', 'createdAt'])
@Index('IDX_battles_voted', ['votedAt', 'organizationId'], { where: '"winner" IS NOT NULL' })
export class Battle {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_battles' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_battles_organization' })
  organization?: Organization;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_battles_user' })
  user?: User;

  /** Where the battle was started: the 比較 page, or a program with a personal API key (see battleAppOf). */
  @Column({ type: 'varchar', length: 16, default: 'arena' })
  app!: BattleApp;

  @Column({ name: 'information_class', type: 'smallint' })
  informationClass!: InformationClass;

  @Column({ type: 'text' })
  prompt!: string;

  @Column({ name: 'pii_handling', type: 'varchar', length: 16, nullable: true })
  piiHandling!: PiiHandling | null;

  @Column({ name: 'task_category', type: 'varchar', length: 32 })
  taskCategory!: string;

  @Column({ name: 'task_category_source', type: 'varchar', length: 16, default: 'rules' })
  taskCategorySource!: TaskCategorySource;

  @Column({ name: 'model_a', type: 'varchar', length: 64 })
  modelA!: string;

  @Column({ name: 'model_b', type: 'varchar', length: 64 })
  modelB!: string;

  @Column({ name: 'answer_a', type: 'text', default: '' })
  answerA!: string;

  @Column({ name: 'answer_b', type: 'text', default: '' })
  answerB!: string;

  @Column({ name: 'status_a', type: 'varchar', length: 16, default: 'pending' })
  statusA!: BattleAnswerStatus;

  @Column({ name: 'status_b', type: 'varchar', length: 16, default: 'pending' })
  statusB!: BattleAnswerStatus;

  @Column({ name: 'error_a', type: 'varchar', length: 64, nullable: true })
  errorA!: string | null;

  @Column({ name: 'error_b', type: 'varchar', length: 64, nullable: true })
  errorB!: string | null;

  @Column({ name: 'first_token_ms_a', type: 'integer', nullable: true })
  firstTokenMsA!: number | null;

  @Column({ name: 'first_token_ms_b', type: 'integer', nullable: true })
  firstTokenMsB!: number | null;

  @Column({ name: 'latency_ms_a', type: 'integer', nullable: true })
  latencyMsA!: number | null;

  @Column({ name: 'latency_ms_b', type: 'integer', nullable: true })
  latencyMsB!: number | null;

  @Column({ name: 'output_tokens_a', type: 'integer', nullable: true })
  outputTokensA!: number | null;

  @Column({ name: 'output_tokens_b', type: 'integer', nullable: true })
  outputTokensB!: number | null;

  /** Markdown elements (headers, list items, bold spans) in each answer: a style covariate for the leaderboard. */
  @Column({ name: 'markdown_a', type: 'integer', nullable: true })
  markdownA!: number | null;

  @Column({ name: 'markdown_b', type: 'integer', nullable: true })
  markdownB!: number | null;

  @Column({ type: 'varchar', length: 16, default: 'streaming' })
  status!: BattleStatus;

  @Column({ type: 'varchar', length: 8, nullable: true })
  winner!: BattleWinner | null;

  @Column({ name: 'voted_at', type: 'timestamptz', nullable: true })
  votedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
