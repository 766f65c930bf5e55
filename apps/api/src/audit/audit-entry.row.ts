import type { AuditDetailValue, AuditEntryView } from '@gennai/contracts';
import { AUDIT_FORMAT, type AuditHashedFields } from './audit-canonical';

/**
 * The hashed columns in canonical order, read as PostgreSQL's plain text output (no casts, no functions): the sealer
 * and the verifier (through COPY) see exactly the same strings. Run AUDIT_TEXT_SETTINGS first in the transaction, so
 * timestamps come out in UTC and ISO style whatever the server's defaults.
 */
export const HASHED_COLUMNS = [
  'position',
  'previous_hash',
  'occurred_at',
  'organization_id',
  'action',
  'actor_user_id',
  'actor_display_name',
  'actor_roles',
  'actor_organization_id',
  'source_ip',
  'source_user_agent',
  'source_api_key_id',
  'target_type',
  'target_id',
  'details',
  'message_sha256',
] as const;
export const HASHED_COLUMNS_SQL = HASHED_COLUMNS.map((column) => `e.${column}`).join(', ');
/** Index of organization_id in HASHED_COLUMNS. */
export const ORGANIZATION_COLUMN = HASHED_COLUMNS.indexOf('organization_id');

export const AUDIT_TEXT_SETTINGS = `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'`;

/** `2026-11-28 03:04:05.12+00` (timestamptz in UTC, ISO style; PostgreSQL trims trailing zeros) → `2026-11-28T03:04:05.120000Z`. */
export function isoMicros(stored: string): string {
  const dot = stored.indexOf('.', 19);
  const fraction = dot < 0 ? '' : stored.slice(dot + 1, stored.length - 3);
  return `${stored.slice(0, 10)}T${stored.slice(11, 19)}.${fraction.padEnd(6, '0')}Z`;
}

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
/** Ids, hashes and times never need escaping. */
const plain = (value: string | null) => (value === null ? 'null' : `"${value}"`);

/**
 * The canonical form (see canonicalForm in audit-canonical.ts) built straight from the stored text of HASHED_COLUMNS,
 * with the chain fields given: what the sealer hashes and the verifier re-hashes, a million times per run, so it
 * builds the string directly. Roles and details are stored as canonical JSON and are taken byte for byte.
 */
export function canonicalFormOfStored(stored: readonly (string | null)[], position: string, previousHash: string): string {
  return (
    `[${JSON.stringify(AUDIT_FORMAT)},${position},${plain(previousHash)},"${isoMicros(stored[2] as string)}",${plain(stored[3])},` +
    `${text(stored[4])},${plain(stored[5])},${text(stored[6])},${stored[7]},${plain(stored[8])},${text(stored[9])},` +
    `${text(stored[10])},${plain(stored[11])},${text(stored[12])},${text(stored[13])},${stored[14]},${plain(stored[15])}]`
  );
}

/**
 * What auditors read and export. Times are formatted by PostgreSQL with their microseconds, identical to
 * isoMicros() of the stored value. Select it `FROM audit_entries e`.
 */
export const AUDIT_ENTRY_COLUMNS = `e.id::text AS id, e.position::float8 AS position, e.previous_hash, e.hash,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  e.organization_id, e.action, e.actor_user_id, e.actor_display_name, e.actor_roles, e.actor_organization_id,
  e.source_ip, e.source_user_agent, e.source_api_key_id, e.target_type, e.target_id, e.details,
  e.message_sha256, e.message_text`;

/** A row of AUDIT_ENTRY_COLUMNS as node-postgres returns it. */
export interface AuditEntryRow {
  id: string;
  position: number | null;
  previous_hash: string | null;
  hash: string | null;
  occurred_at: string;
  organization_id: string;
  action: string;
  actor_user_id: string | null;
  actor_display_name: string | null;
  actor_roles: string;
  actor_organization_id: string | null;
  source_ip: string | null;
  source_user_agent: string | null;
  source_api_key_id: string | null;
  target_type: string | null;
  target_id: string | null;
  details: string;
  message_sha256: string | null;
  message_text: string | null;
}

export function toAuditEntryView(row: AuditEntryRow): AuditEntryView {
  return {
    id: row.id,
    position: row.position,
    occurredAt: row.occurred_at,
    organizationId: row.organization_id,
    action: row.action,
    actor: { userId: row.actor_user_id, displayName: row.actor_display_name, roles: JSON.parse(row.actor_roles) as string[], organizationId: row.actor_organization_id },
    source: { ip: row.source_ip, userAgent: row.source_user_agent, apiKeyId: row.source_api_key_id },
    target: row.target_type !== null && row.target_id !== null ? { type: row.target_type, id: row.target_id } : null,
    details: JSON.parse(row.details) as { [key: string]: AuditDetailValue },
    messageSha256: row.message_sha256,
    messageText: row.message_text,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/**
 * The hashed fields of an exported (or listed) entry: anyone holding a JSONL export can recompute each sealed
 * entry's hash with canonicalForm() and check the links between consecutive positions, without the database.
 */
export function hashedFieldsOfView(view: AuditEntryView): AuditHashedFields | null {
  if (view.position === null || view.previousHash === null) return null;
  return {
    position: view.position,
    previousHash: view.previousHash,
    occurredAt: view.occurredAt,
    organizationId: view.organizationId,
    action: view.action,
    actorUserId: view.actor.userId,
    actorDisplayName: view.actor.displayName,
    actorRoles: view.actor.roles,
    actorOrganizationId: view.actor.organizationId,
    sourceIp: view.source.ip,
    sourceUserAgent: view.source.userAgent,
    sourceApiKeyId: view.source.apiKeyId,
    targetType: view.target?.type ?? null,
    targetId: view.target?.id ?? null,
    details: view.details,
    messageSha256: view.messageSha256,
  };
}
