import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ListTaskCategoriesQuery,
  TaskCategoryCountsQuery,
  TaskCategoryCountsView,
  TaskCategoryItemKind,
  TaskCategoryItemView,
  TaskCategoryPageView,
} from '@gennai/contracts';
import { isTaskCategory, TASK_CATEGORIES } from '@gennai/task-category';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { evaluationScope } from '../evaluation-scope/evaluation-scope';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope, type OrgScope, scopeCondition } from '../organizations/organization-scope';
import { storeCategory } from './conversation-category';
import {
  decodeCursor,
  encodeCursor,
  ITEM_TABLES,
  type StoredTaskCategoryItemRow,
  type TaskCategoryItemRow,
  toTaskCategoryItemView,
} from './task-category-item.row';

/** Collects query parameters and returns each one's placeholder. */
function parameters(): { values: unknown[]; add: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, add: (value) => (values.push(value), `$${values.length}`) };
}

/**
 * Review and correction of task categories by administrators and evaluators (管理 → タスク分類): the newest
 * conversations and battles with their category and who set it, counts per category, and the change that sets source
 * `admin` (kept from then on: neither the rules nor the judge overwrite it) and is audited with the previous value.
 * Reads only ids, organisations, models and categories — never what was said. Scope: evaluationScope (an org_admin
 * their subtree, 404 outside it; an evaluator or platform_admin every organisation).
 */
@Injectable()
export class TaskCategoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationScope,
    private readonly audit: AuditLog,
  ) {}

  async list(caller: Caller, query: ListTaskCategoriesQuery): Promise<TaskCategoryPageView> {
    const scope = evaluationScope(this.organizations, caller, query.organizationId);
    const cursor = query.before === undefined ? undefined : decodeCursor(query.before);
    if (cursor === null) throw new ApiException(400, 'validation_failed', {}, [{ field: 'before', kind: 'invalid_format' }]);
    const params = parameters();
    const kinds = query.kind ? [query.kind] : (Object.keys(ITEM_TABLES) as TaskCategoryItemKind[]);
    const selects = kinds.map((kind) => {
      const { table, models } = ITEM_TABLES[kind];
      const where = ['t.task_category IS NOT NULL'];
      const scoped = scopeCondition(scope, 't.organization_id', params.add);
      if (scoped) where.push(scoped);
      if (query.category) where.push(`t.task_category = ${params.add(query.category)}`);
      if (query.source) where.push(`t.task_category_source = ${params.add(query.source)}`);
      if (cursor) where.push(`(t.created_at, t.id) < (${params.add(cursor.createdAt)}::timestamptz, ${params.add(cursor.id)}::uuid)`);
      return `(SELECT '${kind}' AS kind, t.id, t.organization_id, o.name AS organization_name, ${models} AS model_ids,
          t.task_category AS category, t.task_category_source AS source, t.created_at
        FROM ${table} t JOIN organizations o ON o.id = t.organization_id
        WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${params.add(query.limit + 1)})`;
    });
    const rows = (await this.dataSource.query(
      `${selects.join(' UNION ALL ')} ORDER BY created_at DESC, id DESC LIMIT ${params.add(query.limit + 1)}`,
      params.values,
    )) as TaskCategoryItemRow[];
    const page = rows.slice(0, query.limit);
    return { items: page.map(toTaskCategoryItemView), nextBefore: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** Conversations and battles per category created in the last `days` days, every category listed (zeros too). */
  async counts(caller: Caller, query: TaskCategoryCountsQuery): Promise<TaskCategoryCountsView> {
    const scope = evaluationScope(this.organizations, caller, query.organizationId);
    const params = parameters();
    const since = params.add(query.days);
    const countOf = (kind: TaskCategoryItemKind) => {
      const scoped = scopeCondition(scope, 't.organization_id', params.add);
      return `SELECT t.task_category AS category, count(*)::int AS n, '${kind}' AS kind FROM ${ITEM_TABLES[kind].table} t
        WHERE t.task_category IS NOT NULL AND t.created_at >= now() - make_interval(days => ${since})${scoped ? ` AND ${scoped}` : ''}
        GROUP BY t.task_category`;
    };
    const rows = (await this.dataSource.query(`${countOf('conversation')} UNION ALL ${countOf('battle')}`, params.values)) as {
      category: string;
      n: number;
      kind: TaskCategoryItemKind;
    }[];
    const counts = new Map<string, { conversations: number; battles: number }>(TASK_CATEGORIES.map((category) => [category, { conversations: 0, battles: 0 }]));
    for (const row of rows) {
      const entry = counts.get(row.category) ?? { conversations: 0, battles: 0 };
      entry[row.kind === 'conversation' ? 'conversations' : 'battles'] += row.n;
      counts.set(row.category, entry);
    }
    return { days: query.days, counts: [...counts].map(([category, n]) => ({ category, ...n })) };
  }

  async change(caller: Caller, kind: TaskCategoryItemKind, id: string, category: string): Promise<TaskCategoryItemView> {
    if (!isTaskCategory(category)) {
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'category', kind: 'invalid_value', params: { values: TASK_CATEGORIES.join(', ') } }]);
    }
    const scope = evaluationScope(this.organizations, caller);
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.lockedItem(manager, scope, kind, id);
      await storeCategory(manager, kind, id, category, 'admin');
      await this.audit.record(
        {
          action: 'task_category.changed',
          actor: caller,
          organizationId: previous.organization_id,
          target: { type: kind, id },
          details: { category, previousCategory: previous.category, previousSource: previous.source },
        },
        manager,
      );
      return toTaskCategoryItemView({ ...previous, category, source: 'admin' });
    });
  }

  /** The item, locked for the change; 404 — as if it did not exist — outside the caller's scope. */
  private async lockedItem(manager: EntityManager, scope: OrgScope, kind: TaskCategoryItemKind, id: string): Promise<StoredTaskCategoryItemRow> {
    const params = parameters();
    const { table, models } = ITEM_TABLES[kind];
    const where = [`t.id = ${params.add(id)}`];
    const scoped = scopeCondition(scope, 't.organization_id', params.add);
    if (scoped) where.push(scoped);
    const rows = (await manager.query(
      `SELECT '${kind}' AS kind, t.id, t.organization_id, o.name AS organization_name, ${models} AS model_ids,
          t.task_category AS category, t.task_category_source AS source, t.created_at
        FROM ${table} t JOIN organizations o ON o.id = t.organization_id WHERE ${where.join(' AND ')} FOR UPDATE OF t`,
      params.values,
    )) as StoredTaskCategoryItemRow[];
    if (!rows.length) throw ApiException.notFound(kind);
    return rows[0];
  }
}
