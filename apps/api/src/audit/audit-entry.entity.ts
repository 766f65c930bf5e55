import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One audit entry: who did what, when, from where, to what. Append-only: a trigger refuses every UPDATE except
 * sealing (filling position and hashes once) and every DELETE except the retention job's.
 *
 * The table is partitioned by month of `occurred_at` (see migration AuditLog1796000000000): indexes stay the size of
 * a month, and retention can drop whole months. Each organisation has its own hash chain (`position` 1, 2, …), so
 * per-organisation retention deletes from the start of one chain without touching the others. No foreign keys:
 * entries outlive the users, keys and conversations they name.
 */
@Entity({ name: 'audit_entries' })
@Index('IDX_audit_entries_org_occurred', ['organizationId', 'occurredAt', 'id'])
@Index('IDX_audit_entries_org_position', ['organizationId', 'position'])
@Index('IDX_audit_entries_actor_occurred', ['actorUserId', 'occurredAt'])
@Index('IDX_audit_entries_target', ['targetType', 'targetId'])
@Index('IDX_audit_entries_unsealed', ['id'], { where: '"hash" IS NULL' })
@Index('IDX_audit_entries_checkpoints', ['organizationId', 'position'], { where: `"action" = 'audit.retention'` })
/** The PII guard's events, counted per organisation and range by the CAIO view (migration UseCases1796400000000). */
@Index('IDX_audit_entries_pii', ['organizationId', 'occurredAt'], { where: `"action" LIKE 'pii.%'` })
export class AuditEntry {
  /** Partition key, first in the primary key: entries are read newest-first by time. */
  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  /** Insertion order (the sealer seals in this order); a string, as 64-bit integers do not fit a JS number. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  /** Place in the organisation's chain, from 1; null until sealed. */
  @Column({ type: 'bigint', nullable: true })
  position!: string | null;

  @Column({ name: 'previous_hash', type: 'char', length: 64, nullable: true })
  previousHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** Null when Gennai itself acted (a scheduled job). */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  /** The actor's display name when they acted (users rename; the log does not change). */
  @Column({ name: 'actor_display_name', type: 'varchar', length: 255, nullable: true })
  actorDisplayName!: string | null;

  /** The actor's realm roles as a JSON array, e.g. `["user","auditor"]` (text: read back byte for byte when hashing). */
  @Column({ name: 'actor_roles', type: 'text', default: '[]' })
  actorRoles!: string;

  @Column({ name: 'actor_organization_id', type: 'uuid', nullable: true })
  actorOrganizationId!: string | null;

  /** As the API saw it (`req.ip`): IPv4, IPv6 or IPv4-mapped IPv6. */
  @Column({ name: 'source_ip', type: 'varchar', length: 64, nullable: true })
  sourceIp!: string | null;

  @Column({ name: 'source_user_agent', type: 'varchar', length: 512, nullable: true })
  sourceUserAgent!: string | null;

  @Column({ name: 'source_api_key_id', type: 'uuid', nullable: true })
  sourceApiKeyId!: string | null;

  @Column({ name: 'target_type', type: 'varchar', length: 64, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId!: string | null;

  /**
   * What else matters about the event (model, information class, export filters, …): a JSON object stored as its
   * canonical text (RFC 8785), so the verifier hashes the stored bytes as they are.
   */
  @Column({ type: 'text', default: '{}' })
  details!: string;

  /** SHA-256 (hex) of the message text, for entries about a message: part of the hash, so the text cannot change unseen. */
  @Column({ name: 'message_sha256', type: 'char', length: 64, nullable: true })
  messageSha256!: string | null;

  /** The text itself, only where the organisation keeps message text in the audit log (organizations.audit_keeps_message_text). */
  @Column({ name: 'message_text', type: 'text', nullable: true })
  messageText!: string | null;
}
