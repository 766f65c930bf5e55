import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUDIT_ACTION_PATTERN, type AuditAction, type AuditDetailValue } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../identity/caller';
import { canonicalJson, sha256Hex } from './audit-canonical';
import { NO_AUDIT_SOURCE } from './audit-source';

/** One event to record. The source (IP, user agent) comes from the request being handled. */
export interface AuditEvent {
  action: AuditAction;
  /** Who acted; null when Gennai itself acted (a scheduled job). */
  actor: Caller | null;
  /** The organisation whose log the entry belongs to: the actor's unless the event is about another organisation. */
  organizationId?: string;
  target?: { type: string; id: string };
  details?: { [key: string]: AuditDetailValue };
  /** Text the event is about (a message): its SHA-256 is always recorded, the text only if the organisation keeps it. */
  messageText?: string;
}

/** Sessions remembered per replica as already recorded, so only a session's first request reaches the database. */
const SEEN_SESSIONS_LIMIT = 100_000;

const COLUMNS = `organization_id, action, actor_user_id, actor_display_name, actor_roles, actor_organization_id,
  source_ip, source_user_agent, source_api_key_id, target_type, target_id, details, message_sha256, message_text`;

/**
 * One INSERT, no lock: the actor's display name is snapshotted and the organisation's message-text setting applied
 * in the statement itself. The entry is durable when the statement (or the caller's transaction) commits; the
 * sealer links it into the chain within about a second. Inserts nothing if the organisation does not exist.
 */
const VALUES = `SELECT o.id, $2, $3::uuid, (SELECT u.display_name FROM users u WHERE u.id = $3::uuid), $4, $5::uuid,
    $6, $7, $8::uuid, $9, $10, $11, $12,
    CASE WHEN o.audit_keeps_message_text THEN $13 END
  FROM organizations o WHERE o.id = $1::uuid`;

const INSERT = `INSERT INTO audit_entries (${COLUMNS}) ${VALUES} RETURNING id`;

/** The same, only for a session not recorded before (on any replica). */
const INSERT_SIGN_IN = `WITH first_request AS (
    INSERT INTO audit_sign_ins (session_id, user_id) VALUES ($14, $3::uuid) ON CONFLICT (session_id) DO NOTHING RETURNING session_id
  )
  INSERT INTO audit_entries (${COLUMNS}) ${VALUES} AND EXISTS (SELECT 1 FROM first_request) RETURNING id`;

/**
 * The one way to write to the audit log. Everything that must leave a trace — sign-ins, conversations, messages,
 * PII warnings and overrides, administrators' changes, exports — calls `record()`. Nothing updates or deletes
 * entries (the database refuses it).
 */
@Injectable()
export class AuditLog {
  private readonly seenSessions = new Set<string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records an event, inside the caller's transaction when one is given (the entry then commits or rolls back with
   * the change it describes). Rejects when it cannot be written: an action that must be audited does not go ahead
   * unrecorded.
   */
  async record(event: AuditEvent, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const rows = (await manager.query(INSERT, parametersOf(event))) as unknown[];
    if (rows.length !== 1) throw new Error(`audit entry not recorded: organisation ${organizationOf(event)} does not exist`);
  }

  /**
   * Records `auth.sign_in` for the first request of an identity-provider session (the token's `sid`), once across
   * every replica. Requests without a session (personal API keys) are not sign-ins.
   */
  async recordSignIn(sessionId: string | undefined, actor: Caller): Promise<void> {
    if (!sessionId || actor.apiKey || this.seenSessions.has(sessionId)) return;
    await this.dataSource.query(INSERT_SIGN_IN, [...parametersOf({ action: 'auth.sign_in', actor, details: { sessionId } }), sessionId]);
    if (this.seenSessions.size >= SEEN_SESSIONS_LIMIT) this.seenSessions.clear();
    this.seenSessions.add(sessionId);
  }
}

function organizationOf(event: AuditEvent): string {
  const organizationId = event.organizationId ?? event.actor?.organizationId;
  if (!organizationId) throw new Error(`audit event ${event.action} names no organisation`);
  return organizationId;
}

function parametersOf(event: AuditEvent): unknown[] {
  if (!AUDIT_ACTION_PATTERN.test(event.action) || event.action.length > 64) throw new Error(`invalid audit action: ${event.action}`);
  const source = event.actor?.source ?? NO_AUDIT_SOURCE;
  const { actor } = event;
  return [
    organizationOf(event),
    event.action,
    actor?.userId ?? null,
    canonicalJson(actor?.roles ?? []),
    actor?.organizationId ?? null,
    source.ip,
    source.userAgent,
    actor?.apiKey?.id ?? null,
    event.target?.type ?? null,
    event.target?.id ?? null,
    // Stored as canonical text; refuses what could not be hashed reproducibly (non-finite numbers, undefined).
    canonicalJson(event.details ?? {}),
    event.messageText === undefined ? null : sha256Hex(event.messageText),
    event.messageText ?? null,
  ];
}
