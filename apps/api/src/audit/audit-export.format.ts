import type { AuditEntryView, AuditExportFormat } from '@gennai/contracts';

/** CSV columns, in order; nested values (roles, details) are JSON in their cell. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'position',
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
  'message_text',
  'previous_hash',
  'hash',
] as const;

/** Cells a spreadsheet would run as a formula: any leading apostrophes, then one of = + - @ tab CR. */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180). A text that a spreadsheet would take for a formula gets one apostrophe in front (OWASP's
 * advice against CSV injection); reading it back, drop one leading apostrophe from any cell matching /^'+[=+\-@\t\r]/.
 * The JSONL export is the exact one; CSV is for spreadsheets.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_LIKE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(entry: AuditEntryView): string {
  const cells: (string | number | null)[] = [
    entry.id,
    entry.position,
    entry.occurredAt,
    entry.organizationId,
    entry.action,
    entry.actor.userId,
    entry.actor.displayName,
    JSON.stringify(entry.actor.roles),
    entry.actor.organizationId,
    entry.source.ip,
    entry.source.userAgent,
    entry.source.apiKeyId,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    JSON.stringify(entry.details),
    entry.messageSha256,
    entry.messageText,
    entry.previousHash,
    entry.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** How each export format starts, writes an entry, and is served. */
export const AUDIT_EXPORT_WRITERS: Record<AuditExportFormat, { contentType: string; header: string; line(entry: AuditEntryView): string }> = {
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', header: '', line: (entry) => `${JSON.stringify(entry)}\n` },
  // The byte-order mark makes Excel read the UTF-8 (Japanese) text correctly.
  csv: { contentType: 'text/csv; charset=utf-8', header: `\uFEFF${AUDIT_CSV_COLUMNS.join(',')}\r\n`, line: csvLine },
};
