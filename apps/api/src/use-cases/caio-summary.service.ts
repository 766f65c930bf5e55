import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CURRENCIES,
  USE_CASE_RISK_LEVELS,
  USE_CASE_STATUSES,
  type caioSummaryQuerySchema,
  type CaioOrganizationSummaryView,
  type CaioSummaryView,
  type CaioUsageView,
  type CaioUseCaseCountsView,
  type Currency,
  type UseCaseRiskLevel,
  type UseCaseStatus,
} from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope } from '../organizations/organization-scope';
import { addDays, daysBetween, QuotaCalendar } from '../quotas/quota-calendar';
import { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS } from '../usage/usage-report.service';
import { scopedWhere } from './use-case-scope';

export type CaioSummaryInput = z.output<typeof caioSummaryQuerySchema>;

interface UsageRow {
  organization_id: string;
  /** Null on an organisation's totals row. */
  model_id: string | null;
  active_users: string;
  requests: string;
  input_tokens: string;
  output_tokens: string;
  [costColumn: `cost_${string}`]: string;
}

interface OrganizationRow {
  id: string;
  name: string;
  /** [status, effective risk level, count] */
  use_cases: [UseCaseStatus, UseCaseRiskLevel, number][];
  pii_events: Record<string, number>;
}

const costColumn = (currency: Currency) => `cost_${currency.toLowerCase()}` as const;

/**
 * $1 start, $2 end (instants). Usage per organisation and model with each organisation's totals (GROUPING SETS), read
 * through IDX_usage_records_org_created. Refused requests never reached a model and are not usage.
 */
const USAGE_SQL = (scope: string | null) => `SELECT r.organization_id, r.model_id, GROUPING(r.model_id) = 1 AS is_total,
    count(DISTINCT r.user_id) AS active_users, count(*) AS requests,
    coalesce(sum(r.input_tokens), 0) AS input_tokens, coalesce(sum(r.output_tokens), 0) AS output_tokens,
    ${CURRENCIES.map((currency) => `coalesce(sum(r.cost) FILTER (WHERE r.currency = '${currency}'), 0) AS ${costColumn(currency)}`).join(', ')}
  FROM usage_records r
  WHERE r.created_at >= $1 AND r.created_at < $2 AND r.outcome <> 'refused'${scope ? ` AND ${scope}` : ''}
  GROUP BY GROUPING SETS ((r.organization_id, r.model_id), (r.organization_id))`;

/**
 * $1 start, $2 end. Every organisation in scope with its register counted by status and effective risk level (as it
 * stands now) and its PII-guard audit events in the range, counted through the partial index IDX_audit_entries_pii.
 */
const ORGANIZATIONS_SQL = (scope: string | null) => `SELECT o.id, o.name,
    COALESCE((SELECT jsonb_agg(jsonb_build_array(c.status, c.risk, c.n)) FROM (
        SELECT u.status, COALESCE(u.risk_override_level, u.computed_risk_level) AS risk, count(*)::int AS n
          FROM ai_use_cases u WHERE u.organization_id = o.id GROUP BY 1, 2) c), '[]') AS use_cases,
    COALESCE((SELECT jsonb_object_agg(p.action, p.n) FROM (
        SELECT a.action, count(*)::int AS n FROM audit_entries a
         WHERE a.organization_id = o.id AND a.action LIKE 'pii.%' AND a.occurred_at >= $1 AND a.occurred_at < $2
         GROUP BY a.action) p), '{}') AS pii_events
  FROM organizations o
  WHERE o.kind = 'organization'${scope ? ` AND ${scope}` : ''}
  ORDER BY o.name, o.id`;

/**
 * What a chief AI officer (CAIO, DS-920) follows for each organisation they oversee: who uses generative AI and how
 * much it costs, the register's use cases by risk and status (high-risk ones not yet approved called out), and how
 * often the PII guard stepped in. Two queries, both restricted to the caller's scope by scopedWhere.
 */
@Injectable()
export class CaioSummaryService {
  private readonly calendar: QuotaCalendar;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly scope: OrganizationScope,
    private readonly catalog: ModelCatalog,
  ) {
    this.calendar = new QuotaCalendar(config.gateway.quotaTimeZone);
  }

  async summary(caller: Caller, query: CaioSummaryInput): Promise<CaioSummaryView> {
    const { from, to } = this.range(query);
    const scope = this.scope.narrow(caller, query.organizationId);
    const range = [this.calendar.startOf(from), this.calendar.startOf(addDays(to, 1))];
    const usageParams: unknown[] = [...range];
    const organizationParams: unknown[] = [...range];
    const [usageRows, organizationRows] = await Promise.all([
      this.dataSource.query(USAGE_SQL(scopedWhere(scope, 'r.organization_id', usageParams)), usageParams) as Promise<(UsageRow & { is_total: boolean })[]>,
      this.dataSource.query(ORGANIZATIONS_SQL(scopedWhere(scope, 'o.id', organizationParams)), organizationParams) as Promise<OrganizationRow[]>,
    ]);

    const organizations = new Map<string, CaioOrganizationSummaryView>(
      organizationRows.map((row) => [
        row.id,
        { organization: { id: row.id, name: row.name }, activeUsers: 0, usage: usageOf(null), models: [], useCases: useCaseCounts(row.use_cases), piiEvents: row.pii_events },
      ]),
    );
    for (const row of usageRows) {
      // Usage of an organisation deleted since (records outlive it) is not shown.
      const summary = organizations.get(row.organization_id);
      if (!summary) continue;
      if (row.is_total) {
        summary.activeUsers = Number(row.active_users);
        summary.usage = usageOf(row);
      } else {
        summary.models.push({ modelId: row.model_id!, label: this.catalog.get(row.model_id!)?.label ?? row.model_id!, ...usageOf(row) });
      }
    }
    for (const summary of organizations.values()) summary.models.sort((a, b) => b.requests - a.requests || a.modelId.localeCompare(b.modelId));
    return { from, to, organizations: [...organizations.values()] };
  }

  /** As the usage report: the last 30 days up to today by default, at most 366 days. */
  private range(query: CaioSummaryInput): { from: string; to: string } {
    const to = query.to ?? this.calendar.dateAt(Date.now());
    const from = query.from ?? addDays(to, 1 - DEFAULT_REPORT_DAYS);
    const days = daysBetween(from, to) + 1;
    if (days < 1 || days > MAX_REPORT_DAYS) {
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'from', kind: 'out_of_range', params: { max: MAX_REPORT_DAYS } }]);
    }
    return { from, to };
  }
}

function usageOf(row: UsageRow | null): CaioUsageView {
  return {
    requests: Number(row?.requests ?? 0),
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    costs: Object.fromEntries(CURRENCIES.map((currency) => [currency, Number(row?.[costColumn(currency)] ?? 0)])) as Record<Currency, number>,
  };
}

function useCaseCounts(groups: OrganizationRow['use_cases']): CaioUseCaseCountsView {
  const counts: CaioUseCaseCountsView = {
    total: 0,
    byStatus: Object.fromEntries(USE_CASE_STATUSES.map((status) => [status, 0])) as Record<UseCaseStatus, number>,
    byRiskLevel: Object.fromEntries(USE_CASE_RISK_LEVELS.map((level) => [level, 0])) as Record<UseCaseRiskLevel, number>,
    highRiskUnapproved: 0,
  };
  for (const [status, risk, n] of groups) {
    counts.total += n;
    counts.byStatus[status] += n;
    if (status !== 'retired') counts.byRiskLevel[risk] += n;
    if (risk === 'high' && (status === 'draft' || status === 'in_review')) counts.highRiskUnapproved += n;
  }
  return counts;
}
