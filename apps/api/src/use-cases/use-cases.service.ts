import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  assessUseCaseRisk,
  type createUseCaseSchema,
  type retireUseCaseSchema,
  type updateUseCaseSchema,
  type useCaseListQuerySchema,
  type AuditDetailValue,
  type UseCasePageView,
  type UseCaseView,
} from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AuditLog } from '../audit/audit-log.service';
import { uuidv7 } from '../database/uuid-v7';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope } from '../organizations/organization-scope';
import { scopedWhere } from './use-case-scope';
import { EFFECTIVE_RISK_SQL, SELECT_USE_CASES, toUseCaseView, type UseCaseRow } from './use-case.row';

export type CreateUseCaseInput = z.output<typeof createUseCaseSchema>;
export type UpdateUseCaseInput = z.output<typeof updateUseCaseSchema>;
export type RetireUseCaseInput = z.output<typeof retireUseCaseSchema>;
export type UseCaseListInput = z.output<typeof useCaseListQuerySchema>;

type Field = keyof UpdateUseCaseInput;

/** Request field → column. Adding a field to the register is one line here, one in the contracts and the migration. */
const COLUMNS = {
  title: 'title',
  purpose: 'purpose',
  audience: 'audience',
  workNature: 'work_nature',
  confidentialDataInput: 'confidential_data_input',
  vendorTrainingUse: 'vendor_training_use',
  humanReview: 'human_review',
  modelIds: 'model_ids',
  riskOverrideLevel: 'risk_override_level',
  riskOverrideReason: 'risk_override_reason',
  ownerUserId: 'owner_user_id',
  ownerName: 'owner_name',
  ownerContact: 'owner_contact',
  status: 'status',
  nextReviewOn: 'next_review_on',
} as const satisfies Record<Field, keyof UseCaseRow>;

/**
 * Changing any of these on an approved use case changes what was approved: it goes back to review unless the same
 * request approves it again.
 */
const APPROVED_AS: readonly Field[] = ['purpose', 'audience', 'workNature', 'confidentialDataInput', 'vendorTrainingUse', 'humanReview', 'modelIds', 'riskOverrideLevel'];

/**
 * The use-case register (docs/operator/use-cases.md): administrators of an organisation record its uses of generative
 * AI with the DS-920 screening answers; auditors read them. Every query is restricted to the caller's organisations
 * by scopedWhere, and every change is audited (`use_case.*`) in the same transaction.
 */
@Injectable()
export class UseCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: OrganizationScope,
    private readonly audit: AuditLog,
    private readonly catalog: ModelCatalog,
  ) {}

  /** Most recently changed first. */
  async list(caller: Caller, query: UseCaseListInput): Promise<UseCasePageView> {
    const params: unknown[] = [];
    const filters: string[] = [];
    const inScope = scopedWhere(this.scope.narrow(caller, query.organizationId), 'u.organization_id', params);
    if (inScope) filters.push(inScope);
    if (query.status) filters.push(`u.status = $${params.push(query.status)}`);
    if (query.riskLevel) filters.push(`${EFFECTIVE_RISK_SQL} = $${params.push(query.riskLevel)}`);
    if (query.q) {
      const words = `%${escapeLike(query.q)}%`;
      filters.push(`(u.title ILIKE $${params.push(words)} OR u.purpose ILIKE $${params.length})`);
    }
    const rows = (await this.dataSource.query(
      `${SELECT_USE_CASES.replace(' FROM ai_use_cases', ', count(*) OVER () AS total FROM ai_use_cases')}
        ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
        ORDER BY u.updated_at DESC, u.id
        LIMIT $${params.push(query.limit)} OFFSET $${params.push(query.offset)}`,
      params,
    )) as UseCaseRow[];
    return { items: rows.map(toUseCaseView), total: Number(rows[0]?.total ?? 0) };
  }

  /** One use case in the caller's scope, or 404 (also for another organisation's). */
  async get(caller: Caller, id: string, manager: EntityManager = this.dataSource.manager): Promise<UseCaseView> {
    const params: unknown[] = [id];
    const inScope = scopedWhere(this.scope.scopeOf(caller), 'u.organization_id', params);
    const [row] = (await manager.query(`${SELECT_USE_CASES} WHERE u.id = $1${inScope ? ` AND ${inScope}` : ''}`, params)) as UseCaseRow[];
    if (!row) throw ApiException.notFound('use_case');
    return toUseCaseView(row);
  }

  /** Registers a use case for the caller's organisation, or another one they administer (404 outside their scope). */
  async create(caller: Caller, input: CreateUseCaseInput): Promise<UseCaseView> {
    const organizationId = input.organizationId ?? caller.organizationId;
    const id = uuidv7();
    const computed = assessUseCaseRisk(input).level;
    return this.dataSource.transaction(async (manager) => {
      await this.assertOrganization(manager, caller, organizationId);
      await this.checkReferences(manager, organizationId, input, []);
      const approved = input.status === 'approved';
      await manager.query(
        `INSERT INTO ai_use_cases (id, organization_id, title, purpose, audience, work_nature, confidential_data_input,
            vendor_training_use, human_review, model_ids, computed_risk_level, risk_override_level, risk_override_reason,
            owner_user_id, owner_name, owner_contact, status, reviewed_at, reviewed_by, next_review_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, ${approved ? 'now()' : 'NULL'}, $18, $19)`,
        [
          id,
          organizationId,
          input.title,
          input.purpose,
          input.audience,
          input.workNature,
          input.confidentialDataInput,
          input.vendorTrainingUse,
          input.humanReview,
          input.modelIds,
          computed,
          input.riskOverrideLevel,
          input.riskOverrideLevel ? input.riskOverrideReason : null,
          input.ownerUserId,
          input.ownerName,
          input.ownerContact,
          input.status,
          approved ? caller.userId : null,
          input.nextReviewOn,
        ],
      );
      await this.audit.record(
        {
          action: 'use_case.created',
          actor: caller,
          organizationId,
          target: { type: 'use_case', id },
          details: { title: input.title, status: input.status, computedRiskLevel: computed, riskLevel: input.riskOverrideLevel ?? computed },
        },
        manager,
      );
      return this.get(caller, id, manager);
    });
  }

  /**
   * Changes the fields given. The risk level is recomputed from the answers; approving records who and when; a change
   * to what was approved sends an approved use case back to review. Audited with the previous values.
   */
  async update(caller: Caller, id: string, input: UpdateUseCaseInput): Promise<UseCaseView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockInScope(manager, caller, id);
      if (current.status === 'retired') throw new ApiException(409, 'use_case_retired', { title: current.title });

      const changed = (Object.keys(COLUMNS) as Field[]).filter((field) => input[field] !== undefined && !same(input[field], current[COLUMNS[field]]));
      const value = <F extends Field>(field: F) => (input[field] !== undefined ? input[field] : current[COLUMNS[field]]) as NonNullable<UpdateUseCaseInput[F]> | null;
      if (changed.includes('riskOverrideLevel') && value('riskOverrideLevel') === null) {
        // Clearing the override clears its reason with it.
        if (current.risk_override_reason !== null && !changed.includes('riskOverrideReason')) changed.push('riskOverrideReason');
        input = { ...input, riskOverrideReason: null };
      } else if (changed.includes('riskOverrideReason') && value('riskOverrideLevel') === null) {
        throw new ApiException(400, 'validation_failed', {}, [{ field: 'riskOverrideLevel', kind: 'required' }]);
      }
      if (!changed.length) return this.get(caller, id, manager);

      const previousModels = current.model_ids;
      await this.checkReferences(manager, current.organization_id, { ownerUserId: changed.includes('ownerUserId') ? value('ownerUserId') : null, modelIds: value('modelIds') ?? [] }, previousModels);

      const assignments: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, to: unknown) => assignments.push(`${column} = $${params.push(to)}`);
      for (const field of changed) set(COLUMNS[field], input[field] ?? null);

      const computed = assessUseCaseRisk({
        audience: value('audience')!,
        workNature: value('workNature')!,
        confidentialDataInput: value('confidentialDataInput')!,
        vendorTrainingUse: value('vendorTrainingUse')!,
        humanReview: value('humanReview')!,
      }).level;
      if (computed !== current.computed_risk_level) set('computed_risk_level', computed);

      let status = value('status')!;
      const approvalWithdrawn = current.status === 'approved' && !changed.includes('status') && changed.some((field) => APPROVED_AS.includes(field));
      if (approvalWithdrawn) {
        status = 'in_review';
        set('status', status);
      }
      if (status === 'approved' && current.status !== 'approved') {
        assignments.push('reviewed_at = now()');
        set('reviewed_by', caller.userId);
      }
      await manager.query(`UPDATE ai_use_cases SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1`, params);

      const details: Record<string, AuditDetailValue> = {
        title: value('title')!,
        changes: Object.fromEntries(changed.map((field) => [field, auditValue(input[field])])),
        before: Object.fromEntries(changed.map((field) => [field, auditValue(current[COLUMNS[field]])])),
        status,
        riskLevel: value('riskOverrideLevel') ?? computed,
      };
      if (approvalWithdrawn) details.approvalWithdrawn = true;
      await this.audit.record({ action: 'use_case.updated', actor: caller, organizationId: current.organization_id, target: { type: 'use_case', id }, details }, manager);
      return this.get(caller, id, manager);
    });
  }

  /** Marks a use case as no longer in use (kept in the register, read-only). */
  async retire(caller: Caller, id: string, input: RetireUseCaseInput): Promise<UseCaseView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockInScope(manager, caller, id);
      if (current.status === 'retired') throw new ApiException(409, 'use_case_retired', { title: current.title });
      await manager.query(`UPDATE ai_use_cases SET status = 'retired', retired_at = now(), retired_reason = $2, updated_at = now() WHERE id = $1`, [id, input.reason]);
      await this.audit.record(
        {
          action: 'use_case.retired',
          actor: caller,
          organizationId: current.organization_id,
          target: { type: 'use_case', id },
          details: { title: current.title, previousStatus: current.status, reason: input.reason },
        },
        manager,
      );
      return this.get(caller, id, manager);
    });
  }

  private async lockInScope(manager: EntityManager, caller: Caller, id: string): Promise<UseCaseRow> {
    const params: unknown[] = [id];
    const inScope = scopedWhere(this.scope.scopeOf(caller), 'u.organization_id', params);
    const [row] = (await manager.query(
      `SELECT u.*, to_char(u.next_review_on, 'YYYY-MM-DD') AS next_review_on FROM ai_use_cases u WHERE u.id = $1${inScope ? ` AND ${inScope}` : ''} FOR UPDATE`,
      params,
    )) as UseCaseRow[];
    if (!row) throw ApiException.notFound('use_case');
    return row;
  }

  /** An organisation (not a unit) in the caller's scope, or 404. */
  private async assertOrganization(manager: EntityManager, caller: Caller, organizationId: string): Promise<void> {
    this.scope.assertAdministers(caller, organizationId);
    const [found] = (await manager.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'organization'`, [organizationId])) as unknown[];
    if (!found) throw ApiException.notFound('organization');
  }

  /**
   * The owner is a member of the use case's organisation, and models newly named are in the catalogue (models already
   * recorded may since have left it: the register keeps them).
   */
  private async checkReferences(manager: EntityManager, organizationId: string, input: { ownerUserId: string | null; modelIds: readonly string[] }, known: readonly string[]): Promise<void> {
    const problems: { field: string; kind: string; params: Record<string, string> }[] = [];
    input.modelIds.forEach((modelId, index) => {
      if (!known.includes(modelId) && !this.catalog.get(modelId)) problems.push({ field: `modelIds.${index}`, kind: 'unknown_reference', params: { id: modelId } });
    });
    if (input.ownerUserId) {
      const [member] = (await manager.query(`SELECT 1 FROM users WHERE id = $1 AND organization_id = $2`, [input.ownerUserId, organizationId])) as unknown[];
      if (!member) problems.push({ field: 'ownerUserId', kind: 'unknown_reference', params: { id: input.ownerUserId } });
    }
    if (problems.length) throw new ApiException(400, 'validation_failed', {}, problems);
  }
}

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((item, i) => item === b[i]) : a === b;
}

/** A value as the audit log stores it (dates as ISO text). */
function auditValue(value: unknown): AuditDetailValue {
  if (value instanceof Date) return value.toISOString();
  return (value ?? null) as AuditDetailValue;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
