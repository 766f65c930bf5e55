import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntriesQuery, AuditEntryPageView, AuditExportQuery } from '@gennai/contracts';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Caller } from '../identity/caller';
import { AUDIT_ENTRY_COLUMNS, type AuditEntryRow, toAuditEntryView } from './audit-entry.row';
import { AUDIT_EXPORT_WRITERS } from './audit-export.format';
import { AuditLog } from './audit-log.service';
import { inTransaction, withPgClient } from './audit-pg-client';
import { OrganizationScope, scopeCondition } from '../organizations/organization-scope';

const EXPORT_FETCH_ROWS = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A WHERE clause over `audit_entries e` and its parameters. */
class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  value(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Reading the audit log: a page of entries with filters, and streamed exports. Only ever SELECTs. */
@Injectable()
export class AuditEntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly scope: OrganizationScope,
  ) {}

  /** Newest first; `nextCursor` continues with older entries. */
  async list(caller: Caller, query: AuditEntriesQuery): Promise<AuditEntryPageView> {
    const where = this.conditions(caller, query);
    if (query.action) {
      const domain = query.action.endsWith('.*') ? query.action.slice(0, -1) : null;
      where.parts.push(domain ? `starts_with(e.action, ${where.value(domain)})` : `e.action = ${where.value(query.action)}`);
    }
    if (query.actor) {
      where.parts.push(
        UUID.test(query.actor)
          ? `e.actor_user_id = ${where.value(query.actor.toLowerCase())}::uuid`
          : `strpos(lower(e.actor_display_name), lower(${where.value(query.actor)})) > 0`,
      );
    }
    if (query.targetType) where.parts.push(`e.target_type = ${where.value(query.targetType)}`);
    if (query.targetId) where.parts.push(`e.target_id = ${where.value(query.targetId)}`);
    if (query.cursor) {
      const [micros, id] = query.cursor.split('.');
      where.parts.push(`(e.occurred_at, e.id) < ('epoch'::timestamptz + ${where.value(micros)}::bigint * interval '1 microsecond', ${where.value(id)}::bigint)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${AUDIT_ENTRY_COLUMNS} FROM audit_entries e ${where.sql} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${where.value(query.limit + 1)}`,
      where.params,
    )) as AuditEntryRow[];
    const items = rows.slice(0, query.limit).map(toAuditEntryView);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit ? `${epochMicros(last.occurredAt)}.${last.id}` : null };
  }

  /**
   * Streams the entries of a period, oldest first, as JSONL or CSV, from one consistent snapshot and in constant
   * memory (a cursor, written as fast as the client reads). The export is recorded (`audit.exported`) before the first
   * byte, so an export leaves a trace even if the download is interrupted.
   */
  async export(caller: Caller, query: AuditExportQuery, res: Response): Promise<void> {
    const where = this.conditions(caller, query);
    await this.audit.record({
      action: 'audit.exported',
      actor: caller,
      details: { format: query.format, from: query.from ?? null, to: query.to ?? null, organizationId: query.organizationId ?? null },
    });
    const writer = AUDIT_EXPORT_WRITERS[query.format];
    const name = `gennai-audit-${query.from ?? 'start'}-${query.to ?? 'now'}`.replace(/[^0-9A-Za-z_-]/g, '');
    res.status(200);
    res.setHeader('Content-Type', writer.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${query.format}"`);
    res.setHeader('Cache-Control', 'no-store');
    let closed = false;
    res.on('close', () => (closed = true));
    await withPgClient(this.dataSource, (client) =>
      inTransaction(
        client,
        async () => {
          await client.query(`DECLARE audit_export NO SCROLL CURSOR FOR SELECT ${AUDIT_ENTRY_COLUMNS} FROM audit_entries e ${where.sql} ORDER BY e.occurred_at, e.id`, where.params);
          if (writer.header) res.write(writer.header);
          while (!closed) {
            const { rows } = await client.query<AuditEntryRow>(`FETCH ${EXPORT_FETCH_ROWS} FROM audit_export`);
            const chunk = rows.map((row) => writer.line(toAuditEntryView(row))).join('');
            if (chunk && !res.write(chunk)) await new Promise((resolve) => (closed ? resolve(null) : res.once('drain', resolve).once('close', resolve)));
            if (rows.length < EXPORT_FETCH_ROWS) break;
          }
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY',
      ),
    );
    if (!res.writableEnded) res.end();
  }

  /** Scope and period, the conditions every read starts from. */
  private conditions(caller: Caller, query: { from?: string; to?: string; organizationId?: string }): Conditions {
    const where = new Conditions();
    const inScope = scopeCondition(this.scope.narrow(caller, query.organizationId), 'e.organization_id', (value) => where.value(value));
    if (inScope) where.parts.push(inScope);
    const timeZone = this.config.gateway.quotaTimeZone;
    // A day runs from its midnight to the next in the platform's time zone (as in usage reports); an instant is exact.
    if (query.from) {
      where.parts.push(
        DAY.test(query.from)
          ? `e.occurred_at >= (${where.value(query.from)}::date)::timestamp AT TIME ZONE ${where.value(timeZone)}`
          : `e.occurred_at >= ${where.value(query.from)}::timestamptz`,
      );
    }
    if (query.to) {
      where.parts.push(
        DAY.test(query.to)
          ? `e.occurred_at < (${where.value(query.to)}::date + 1)::timestamp AT TIME ZONE ${where.value(timeZone)}`
          : `e.occurred_at < ${where.value(query.to)}::timestamptz`,
      );
    }
    return where;
  }
}

/** Microseconds since the epoch of a stored time (`…T03:04:05.123456Z`), exactly. */
function epochMicros(occurredAt: string): string {
  return (BigInt(Date.parse(`${occurredAt.slice(0, 23)}Z`)) * 1000n + BigInt(occurredAt.slice(23, 26))).toString();
}
