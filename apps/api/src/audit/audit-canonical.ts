import { hash } from 'node:crypto';
import type { AuditDetailValue } from '@gennai/contracts';

/** Names the serialisation below; a future format gets a new tag and the verifier keeps reading this one. */
export const AUDIT_FORMAT = 'gennai-audit/1';

/** `previousHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields an entry's hash covers, exactly as stored (see docs/operator/audit.md, "The chain format"). The entry's
 * storage id, its own hash and its message text are not among them: the id is a storage detail, and the text is
 * covered through `messageSha256`, so it can be redacted later without breaking the chain.
 */
export interface AuditHashedFields {
  position: number;
  previousHash: string;
  /** UTC, ISO 8601 with six fractional digits and `Z`: `2026-11-28T03:04:05.123456Z`. */
  occurredAt: string;
  organizationId: string;
  action: string;
  actorUserId: string | null;
  actorDisplayName: string | null;
  actorRoles: string[];
  actorOrganizationId: string | null;
  sourceIp: string | null;
  sourceUserAgent: string | null;
  sourceApiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: { [key: string]: AuditDetailValue };
  messageSha256: string | null;
}

/**
 * RFC 8785 (JSON Canonicalization Scheme): no whitespace, object members sorted by the UTF-16 code units of their
 * names, strings and numbers as ECMAScript's JSON.stringify writes them. Throws on values JSON cannot carry
 * exactly (non-finite numbers, undefined, functions), so nothing is hashed that a verifier could not reproduce.
 */
export function canonicalJson(value: AuditDetailValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`audit values must be finite numbers, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // Default sort compares UTF-16 code units, as RFC 8785 requires.
    const names = Object.keys(value).sort();
    return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name] as AuditDetailValue)}`).join(',')}}`;
  }
  throw new TypeError(`audit values must be JSON, got ${typeof value}`);
}

/** The canonical form: a JSON array of the format tag and the hashed fields in this order, canonicalised (RFC 8785). */
export function canonicalForm(fields: AuditHashedFields): string {
  return canonicalJson([
    AUDIT_FORMAT,
    fields.position,
    fields.previousHash,
    fields.occurredAt,
    fields.organizationId,
    fields.action,
    fields.actorUserId,
    fields.actorDisplayName,
    fields.actorRoles,
    fields.actorOrganizationId,
    fields.sourceIp,
    fields.sourceUserAgent,
    fields.sourceApiKeyId,
    fields.targetType,
    fields.targetId,
    fields.details,
    fields.messageSha256,
  ]);
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of a text. */
export function sha256Hex(text: string): string {
  // The one-shot form: half the cost of createHash() per call, which counts at a million entries.
  return hash('sha256', text, 'hex');
}

/** An entry's hash: SHA-256 of its canonical form, which includes the previous entry's hash (the chain link). */
export function entryHash(fields: AuditHashedFields): string {
  return sha256Hex(canonicalForm(fields));
}
