import type { Currency, InformationClass, ModelCapability, Role } from '@gennai/contracts';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ModelDeployment } from './model-deployment.entity';

/** Prices are stored exactly; TypeORM hands numerics over as strings. */
const decimal = { to: (value: number) => value, from: (value: string | null) => (value === null ? 0 : Number(value)) };

/** A model users can choose, with its price, information-class ceiling, access rules and deployments. */
@Entity({ name: 'models' })
export class CatalogModel {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 200 })
  vendor!: string;

  @Column({ type: 'boolean', default: false })
  domestic!: boolean;

  @Column({ name: 'context_length', type: 'integer' })
  contextLength!: number;

  @Column({ name: 'max_output_tokens', type: 'integer' })
  maxOutputTokens!: number;

  @Column({ name: 'input_price_per_mtok', type: 'numeric', precision: 14, scale: 4, default: 0, transformer: decimal })
  inputPricePerMTok!: number;

  @Column({ name: 'output_price_per_mtok', type: 'numeric', precision: 14, scale: 4, default: 0, transformer: decimal })
  outputPricePerMTok!: number;

  @Column({ type: 'varchar', length: 3, default: 'JPY' })
  currency!: Currency;

  @Column({ name: 'max_information_class', type: 'smallint' })
  maxInformationClass!: InformationClass;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities!: ModelCapability[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Tried in order when every deployment of this model fails before answering. */
  @Column({ name: 'fallback_model_ids', type: 'text', array: true, default: () => "'{}'" })
  fallbackModelIds!: string[];

  /** Empty: every organisation. */
  @Column({ name: 'allowed_organization_ids', type: 'uuid', array: true, default: () => "'{}'" })
  allowedOrganizationIds!: string[];

  /** Empty: every role. */
  @Column({ name: 'allowed_roles', type: 'text', array: true, default: () => "'{}'" })
  allowedRoles!: Role[];

  @OneToMany(() => ModelDeployment, (deployment) => deployment.model)
  deployments?: ModelDeployment[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
