import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { QuotaPeriod, QuotaRuleInput, QuotaRuleView, QuotaScope } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { uuidv7 } from '../database/uuid-v7';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope, scopeCondition } from '../organizations/organization-scope';
import { OrganizationsService } from '../organizations/organizations.service';
import { QuotaService } from './quota.service';

interface RuleRow {
  id: string;
  scope: QuotaScope;
  organization_id: string | null;
  organization_name: string | null;
  period: QuotaPeriod;
  max_requests: number | null;
  max_tokens: string | null;
  updated_at: Date;
}

const SELECT_RULES = `SELECT r.id, r.scope, r.organization_id, o.name AS organization_name, r.period, r.max_requests, r.max_tokens, r.updated_at
  FROM quota_rules r LEFT JOIN organizations o ON o.id = r.organization_id`;

/**
 * Administration of quota rules: a platform_admin manages the platform defaults and every organisation's rules;
 * an org_admin only their own organisation's (they cannot change the defaults).
 */
@Injectable()
export class QuotaRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quotas: QuotaService,
    private readonly organizations: OrganizationsService,
    private readonly scope: OrganizationScope,
    private readonly audit: AuditLog,
  ) {}

  /** Defaults first, then by organisation name, scope and period. */
  async list(caller: Caller): Promise<QuotaRuleView[]> {
    const params: unknown[] = [];
    const inScope = scopeCondition(this.scope.scopeOf(caller), 'r.organization_id', (value) => `$${params.push(value)}`);
    const rows = (await this.dataSource.query(
      `${SELECT_RULES} ${inScope ? `WHERE ${inScope}` : ''}
       ORDER BY r.organization_id IS NOT NULL, o.name, r.organization_id, r.scope, r.period`,
      params,
    )) as RuleRow[];
    return rows.map(toQuotaRuleView);
  }

  /** Creates or replaces the rule for this scope, organisation and period. */
  async put(caller: Caller, input: QuotaRuleInput): Promise<QuotaRuleView> {
    // The platform defaults are platform_admin's (403); another organisation answers 404, as if it did not exist.
    if (input.organizationId === null && !this.scope.administers(caller, null)) throw new ApiException(403, 'forbidden');
    if (input.organizationId !== null) await this.organizations.administered(caller, input.organizationId);
    const target = input.organizationId === null ? '(scope, period) WHERE organization_id IS NULL' : '(scope, organization_id, period) WHERE organization_id IS NOT NULL';
    const [row] = (await this.dataSource.query(
      `INSERT INTO quota_rules (id, scope, organization_id, period, max_requests, max_tokens, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT ${target} DO UPDATE SET max_requests = EXCLUDED.max_requests, max_tokens = EXCLUDED.max_tokens, updated_at = now()
       RETURNING id`,
      [uuidv7(), input.scope, input.organizationId, input.period, input.maxRequests, input.maxTokens],
    )) as { id: string }[];
    this.quotas.forgetRules();
    await this.audit.record({
      action: 'admin.quota_rule_set',
      actor: caller,
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
      target: { type: 'quota_rule', id: row.id },
      details: { scope: input.scope, period: input.period, maxRequests: input.maxRequests ?? null, maxTokens: input.maxTokens ?? null },
    });
    return (await this.find(row.id)) as QuotaRuleView;
  }

  /** Removes a rule: the platform default (if any) applies again. Another organisation's rule is a 404. */
  async remove(caller: Caller, id: string): Promise<void> {
    const rule = await this.find(id);
    if (!rule || (rule.organizationId !== null && !this.scope.administers(caller, rule.organizationId))) throw ApiException.notFound('quota_rule');
    if (!this.scope.administers(caller, rule.organizationId)) throw new ApiException(403, 'forbidden');
    await this.dataSource.query('DELETE FROM quota_rules WHERE id = $1', [id]);
    this.quotas.forgetRules();
    await this.audit.record({
      action: 'admin.quota_rule_deleted',
      actor: caller,
      ...(rule.organizationId ? { organizationId: rule.organizationId } : {}),
      target: { type: 'quota_rule', id },
      details: { scope: rule.scope, period: rule.period },
    });
  }

  private async find(id: string): Promise<QuotaRuleView | null> {
    const [row] = (await this.dataSource.query(`${SELECT_RULES} WHERE r.id = $1`, [id])) as RuleRow[];
    return row ? toQuotaRuleView(row) : null;
  }
}

function toQuotaRuleView(row: RuleRow): QuotaRuleView {
  return {
    id: row.id,
    scope: row.scope,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    period: row.period,
    maxRequests: row.max_requests,
    maxTokens: row.max_tokens === null ? null : Number(row.max_tokens),
    updatedAt: row.updated_at.toISOString(),
  };
}
