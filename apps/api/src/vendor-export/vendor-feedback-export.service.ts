import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { VendorExportHeaderLine, VendorExportQuery } from '@gennai/contracts';
import type { Response } from 'express';
import type { PoolClient, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { inTransaction, withPgClient } from '../audit/audit-pg-client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { VendorAccounts } from './vendor-accounts.service';
import { BATTLES_EXPORT, EXPORT_COUNTS, ORGANIZATION_LEVELS, RATINGS_EXPORT } from './vendor-feedback.queries';
import { type BattleRow, type LineContext, type RatingRow, battleLines, ratingLine } from './vendor-feedback.row';
import { VendorPseudonyms } from './vendor-pseudonyms';

/** Rows per FETCH: enough to keep the database busy, few enough that memory stays flat whatever the period. */
const FETCH_ROWS = 500;

/**
 * The vendor feedback export (docs/operator/vendor-feedback.md): a vendor's staff download, as JSONL, the ratings and
 * battle votes about their own models — pseudonymised, the organisation reduced to its level in the tree, and text
 * only where the user's organisation shares it, with personal data masked.
 */
@Injectable()
export class VendorFeedbackExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: VendorAccounts,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Streams the period's feedback from one consistent snapshot, in constant memory (cursors, written as fast as the
   * client reads). Recorded as `vendor.feedback_exported` — vendor, models, period and counts, never content — before
   * the first byte, so an interrupted download still leaves its trace.
   */
  async export(caller: Caller, query: VendorExportQuery, res: Response): Promise<void> {
    const account = await this.accounts.accountOf(caller);
    const models = this.accounts.modelsAsked(account, query.modelId);
    const key = this.config.vendorExport.pseudonymKey;
    if (!key) throw new ApiException(503, 'vendor_export_unavailable');
    const modelIds = models.map((model) => model.id);
    const params = [modelIds, query.from, query.to, this.config.gateway.quotaTimeZone];

    await withPgClient(this.dataSource, (client) =>
      inTransaction(
        client,
        async () => {
          const [counts] = (await client.query<ExportCounts>(EXPORT_COUNTS, params)).rows;
          await this.audit.record({
            action: 'vendor.feedback_exported',
            actor: caller,
            details: { vendor: account.vendor, modelIds, from: query.from, to: query.to, format: query.format, ...counts },
          });
          const context = await this.lineContext(client, key, account.vendor, modelIds, account.models.map((model) => model.id));
          const header: VendorExportHeaderLine = {
            type: 'export',
            schema: 'gennai.vendor-feedback/1',
            vendor: account.vendor,
            from: query.from,
            to: query.to,
            modelIds,
            generatedAt: new Date().toISOString(),
          };
          res.status(200);
          res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="gennai-vendor-feedback-${query.from}-${query.to}.jsonl"`);
          res.setHeader('Cache-Control', 'no-store');
          const out = new ResponseWriter(res);
          await out.write(`${JSON.stringify(header)}\n`);
          await streamCursor<RatingRow>(client, out, RATINGS_EXPORT, params, (row) => [ratingLine(row, context)]);
          await streamCursor<BattleRow>(client, out, BATTLES_EXPORT, params, (row) => battleLines(row, context));
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY',
      ),
    );
    if (!res.writableEnded) res.end();
  }

  private async lineContext(client: PoolClient, key: Buffer, vendor: string, modelIds: string[], ownModelIds: string[]): Promise<LineContext> {
    // A few thousand organisations at most: one small map per export instead of a join per row.
    const levels = new Map((await client.query<{ id: string; level: number }>(ORGANIZATION_LEVELS)).rows.map((row) => [row.id, row.level]));
    return {
      pseudonyms: new VendorPseudonyms(key, vendor),
      modelIds: new Set(modelIds),
      ownModelIds: new Set(ownModelIds),
      organizationLevel: (organizationId) => levels.get(organizationId) ?? 0,
      domestic: (modelId) => this.accounts.catalogDomestic(modelId),
    };
  }
}

type ExportCounts = { ratings: number; ratings_with_text: number; votes: number; votes_with_text: number };

/** Writes to the response, waiting for the client to drain; `closed` once the client went away. */
class ResponseWriter {
  closed = false;

  constructor(private readonly res: Response) {
    res.on('close', () => (this.closed = true));
  }

  async write(chunk: string): Promise<void> {
    if (this.closed || !chunk || this.res.write(chunk)) return;
    await new Promise((resolve) => (this.closed ? resolve(null) : this.res.once('drain', resolve).once('close', resolve)));
  }
}

/** Runs `sql` as a cursor and writes each batch's lines, until the rows end or the client leaves. */
async function streamCursor<Row>(client: PoolClient, out: ResponseWriter, sql: string, params: unknown[], lines: (row: Row) => object[]): Promise<void> {
  await client.query(`DECLARE vendor_export NO SCROLL CURSOR FOR ${sql}`, params);
  while (!out.closed) {
    const { rows } = await client.query<Row & QueryResultRow>(`FETCH ${FETCH_ROWS} FROM vendor_export`);
    await out.write(rows.flatMap((row) => lines(row).map((line) => `${JSON.stringify(line)}\n`)).join(''));
    if (rows.length < FETCH_ROWS) break;
  }
  // On failure the transaction's rollback closes it.
  await client.query('CLOSE vendor_export');
}
