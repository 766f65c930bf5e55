import type { ApiKeyScope } from '@gennai/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../identity/user.entity';

/** A personal API key for the OpenAI-compatible API. Only a SHA-256 hash of the secret is stored. */
@Entity({ name: 'api_keys' })
@Index('IDX_api_keys_owner', ['organizationId', 'userId', 'createdAt'])
export class ApiKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** First characters of the secret, shown to recognise the key. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** Hex SHA-256 of the whole secret. */
  @Column({ name: 'secret_hash', type: 'char', length: 64, unique: true })
  secretHash!: string;

  @Column({ name: 'model_ids', type: 'text', array: true, default: () => "'{}'" })
  modelIds!: string[];

  @Column({ type: 'text', array: true })
  scopes!: ApiKeyScope[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
