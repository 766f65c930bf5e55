import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CatalogModel } from './catalog-model.entity';
import { Provider } from './provider.entity';

/** One endpoint serving a model at a provider; a model's traffic is shared among them by weight. */
@Entity({ name: 'model_deployments' })
@Index('IDX_model_deployments_model', ['modelId'])
@Index('IDX_model_deployments_provider', ['providerId'])
export class ModelDeployment {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 64 })
  modelId!: string;

  @ManyToOne(() => CatalogModel, (model) => model.deployments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_id' })
  model?: CatalogModel;

  @Column({ name: 'provider_id', type: 'varchar', length: 64 })
  providerId!: string;

  @ManyToOne(() => Provider, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Provider;

  @Column({ name: 'upstream_model', type: 'varchar', length: 300 })
  upstreamModel!: string;

  @Column({ type: 'integer', default: 1 })
  weight!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Position in the model's list (the order the admin gave). */
  @Column({ type: 'smallint', default: 0 })
  position!: number;

  @Column({ name: 'connect_timeout_ms', type: 'integer', nullable: true })
  connectTimeoutMs!: number | null;

  @Column({ name: 'first_token_timeout_ms', type: 'integer', nullable: true })
  firstTokenTimeoutMs!: number | null;

  @Column({ name: 'total_timeout_ms', type: 'integer', nullable: true })
  totalTimeoutMs!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
