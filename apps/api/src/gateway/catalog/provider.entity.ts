import type { ProviderType } from '@gennai/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How a provider's secret is kept: encrypted in this row, or referenced (env var / mounted file from a Secret). */
export type CredentialKind = 'encrypted' | 'env' | 'file' | 'none';

/** An account at a model provider (a vLLM cluster, an Azure resource, a Bedrock region, cotomi, …). */
@Entity({ name: 'providers' })
export class Provider {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: ProviderType;

  @Column({ name: 'base_url', type: 'text', nullable: true })
  baseUrl!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, string | number | boolean>;

  @Column({ name: 'credential_kind', type: 'varchar', length: 16, default: 'none' })
  credentialKind!: CredentialKind;

  /** Env var name or file path for `env`/`file`; null otherwise. */
  @Column({ name: 'credential_reference', type: 'text', nullable: true })
  credentialReference!: string | null;

  /** AES-256-GCM ciphertext (GENNAI_SECRET_KEY) for `encrypted`; never leaves the API. */
  @Column({ name: 'credential_ciphertext', type: 'text', nullable: true })
  credentialCiphertext!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
