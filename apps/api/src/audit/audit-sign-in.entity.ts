import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Identity-provider sessions already recorded as `auth.sign_in`: the first request of a session, on any replica,
 * writes the entry; later requests of the same session do not.
 */
@Entity({ name: 'audit_sign_ins' })
@Index('IDX_audit_sign_ins_seen', ['firstSeenAt'])
export class AuditSignIn {
  /** The token's `sid` claim (the Keycloak session). */
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 255 })
  sessionId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;
}
