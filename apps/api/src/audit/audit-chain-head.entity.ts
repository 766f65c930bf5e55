import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last sealed entry of each organisation's chain: where the sealer appends next, and what the verifier compares
 * the chain's end with (entries cut off the end would otherwise leave a chain that still verifies).
 */
@Entity({ name: 'audit_chain_heads' })
export class AuditChainHead {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition!: string;

  @Column({ name: 'last_hash', type: 'char', length: 64 })
  lastHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
