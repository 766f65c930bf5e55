import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CURRENCIES, type Currency, type UsageGroup, type UsageReportView, type UsageRowView, type usageQuerySchema } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope, scopeCondition } from '../organizations/organization-scope';
import { addDays, daysBetween, QuotaCalendar } from '../quotas/quota-calendar';

/** Display names of models for reports (the catalogue provides them); without it, reports show model ids. */
export const MODEL_LABELS = Symbol('MODEL_LABELS');
export type ModelLabels = (modelId: string) => string | undefined;
/** GET /api/admin/usage query, after validation (groupBy defaulted). */
export type UsageReportQuery = z.output<typeof usageQuerySchema>;

export const DEFAULT_REPORT_DAYS = 30;
export const MAX_REPORT_DAYS = 366;

interface ReportRow {
  key: string | null;
  label: string | null;
  is_total: boolean;
  requests: string;
  failed_requests: string;
  input_tokens: string;
  output_tokens: string;
  /** One column per currency, e.g. `cost_jpy`. */
  [costColumn: `cost_${string}`]: string;
  average_latency_ms: number | null;
  average_time_to_first_token_ms: number | null;
}

const AGGREGATES = `count(r.id) AS requests,
  count(r.id) FILTER (WHERE r.outcome = 'failed') AS failed_requests,
  coalesce(sum(r.input_tokens), 0) AS input_tokens,
  coalesce(sum(r.output_tokens), 0) AS output_tokens,
  ${CURRENCIES.map((currency) => `coalesce(sum(r.cost) FILTER (WHERE r.currency = '${currency}'), 0) AS ${costColumn(currency)}`).join(',\n  ')},
  round(avg(r.latency_ms))::float8 AS average_latency_ms,
  round(avg(r.time_to_first_token_ms))::float8 AS average_time_to_first_token_ms`;

/**
 * Usage by organisation, model or day over a range of calendar days in GENNAI_QUOTA_TIME_ZONE (`to` inclusive),
 * aggregated in PostgreSQL with a totals row. Requests refused before reaching a model (policy, quota) are not
 * usage and are left out; `failedRequests` counts requests that ended in an error (not those the user stopped).
 */
@Injectable()
export class UsageReportService {
  private readonly calendar: QuotaCalendar;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly scope: OrganizationScope,
    @Optional() @Inject(MODEL_LABELS) private readonly modelLabels?: ModelLabels,
  ) {
    this.calendar = new QuotaCalendar(config.gateway.quotaTimeZone);
  }

  async report(caller: Caller, query: UsageReportQuery): Promise<UsageReportView> {
    const { from, to } = this.range(query);
    const scope = this.scope.narrow(caller, query.organizationId);

    const params: unknown[] = [from, to, this.calendar.timeZone];
    const filters = [`r.outcome <> 'refused'`];
    const inScope = scopeCondition(scope, 'r.organization_id', (value) => `$${params.push(value)}`);
    if (inScope) filters.push(inScope);
    if (query.modelId) filters.push(`r.model_id = $${params.push(query.modelId)}`);
    const rows = (await this.dataSource.query(reportSql(query.groupBy, filters.join(' AND ')), params)) as ReportRow[];

    const total = rows.find((row) => row.is_total);
    return {
      groupBy: query.groupBy,
      from,
      to,
      rows: rows
        .filter((row) => !row.is_total)
        .map((row) => {
          const key = row.key as string;
          const label = query.groupBy === 'model' ? (this.modelLabels?.(key) ?? key) : (row.label ?? key);
          return { key, label, ...measures(row) };
        }),
      totals: total ? measures(total) : measures(null),
    };
  }

  /** Defaults to the last 30 days up to today; at most MAX_REPORT_DAYS days. */
  private range(query: UsageReportQuery): { from: string; to: string } {
    const to = query.to ?? this.calendar.dateAt(Date.now());
    const from = query.from ?? addDays(to, 1 - DEFAULT_REPORT_DAYS);
    const days = daysBetween(from, to) + 1;
    if (days < 1 || days > MAX_REPORT_DAYS) {
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'from', kind: 'out_of_range', params: { max: MAX_REPORT_DAYS } }]);
    }
    return { from, to };
  }
}

/**
 * $1 first day, $2 last day (inclusive), $3 time zone. Days are a generated series joined to their records, so days
 * without usage are rows of zeros; GROUPING SETS adds the totals row.
 */
function reportSql(groupBy: UsageGroup, filters: string): string {
  const inRange = `r.created_at >= $1::timestamp AT TIME ZONE $3 AND r.created_at < ($2::timestamp + interval '1 day') AT TIME ZONE $3`;
  switch (groupBy) {
    case 'day':
      return `SELECT to_char(d.day, 'YYYY-MM-DD') AS key, NULL AS label, GROUPING(d.day) = 1 AS is_total, ${AGGREGATES}
        FROM generate_series($1::timestamp, $2::timestamp, interval '1 day') AS d(day)
        LEFT JOIN usage_records r
          ON r.created_at >= d.day AT TIME ZONE $3 AND r.created_at < (d.day + interval '1 day') AT TIME ZONE $3 AND ${filters}
        GROUP BY GROUPING SETS ((d.day), ())
        ORDER BY is_total, d.day`;
    case 'organization':
      return `SELECT r.organization_id::text AS key, o.name AS label, GROUPING(r.organization_id) = 1 AS is_total, ${AGGREGATES}
        FROM usage_records r LEFT JOIN organizations o ON o.id = r.organization_id
        WHERE ${inRange} AND ${filters}
        GROUP BY GROUPING SETS ((r.organization_id, o.name), ())
        ORDER BY is_total, o.name, r.organization_id`;
    case 'model':
      return `SELECT r.model_id AS key, NULL AS label, GROUPING(r.model_id) = 1 AS is_total, ${AGGREGATES}
        FROM usage_records r
        WHERE ${inRange} AND ${filters}
        GROUP BY GROUPING SETS ((r.model_id), ())
        ORDER BY is_total, r.model_id`;
  }
}

/** The report column of one currency's cost (currency codes are a fixed list of three-letter codes). */
function costColumn(currency: Currency): `cost_${string}` {
  return `cost_${currency.toLowerCase()}`;
}

function measures(row: ReportRow | null): Omit<UsageRowView, 'key' | 'label'> {
  return {
    requests: Number(row?.requests ?? 0),
    failedRequests: Number(row?.failed_requests ?? 0),
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    costs: Object.fromEntries(CURRENCIES.map((currency) => [currency, Number(row?.[costColumn(currency)] ?? 0)])) as Record<Currency, number>,
    averageLatencyMs: row?.average_latency_ms ?? null,
    averageTimeToFirstTokenMs: row?.average_time_to_first_token_ms ?? null,
  };
}
