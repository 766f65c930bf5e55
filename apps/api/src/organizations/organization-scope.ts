import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';

/**
 * Which organisations a caller reads and administers: every organisation for a platform_admin, otherwise the caller's
 * organisation and the organisations placed under it (an agency under its ministry). Units never own data, so a scope
 * is a set of organisation ids. Every organisation-scoped read and write of administrators and auditors goes through
 * this one class — quotas, usage, audit, organisations, legal holds, use cases.
 */
export type OrgScope = { readonly all: true } | { readonly all: false; readonly organizationIds: readonly string[] };

export const ALL_ORGANIZATIONS: OrgScope = Object.freeze({ all: true });

const NONE: readonly string[] = Object.freeze([]);

/** How often each replica re-reads the tree, so a move made on another replica applies here within this time. */
export const TREE_REFRESH_MS = 5_000;

interface TreeSnapshot {
  /** organisation id → ids of the organisations directly under it */
  children: Map<string, string[]>;
  /** organisation id → catalogue models its administrators switched off */
  disabledModels: Map<string, readonly string[]>;
  /** organisation id → its scope, computed on first use */
  scopes: Map<string, OrgScope>;
}

@Injectable()
export class OrganizationScope implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrganizationScope.name);
  private tree: TreeSnapshot = { children: new Map(), disabledModels: new Map(), scopes: new Map() };
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    // Before migrations have run (a fresh database) there is no tree yet: each organisation is then only itself.
    const refresh = () => this.reload().catch((error) => this.logger.warn(`organisation tree not read: ${String(error)}`));
    await refresh();
    this.timer = setInterval(() => void refresh(), TREE_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Re-reads the tree now (after an edit on this replica; other replicas follow within TREE_REFRESH_MS). */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = (await this.dataSource.query(
          `SELECT id, parent_id, disabled_model_ids FROM organizations
            WHERE kind = 'organization' AND (parent_id IS NOT NULL OR cardinality(disabled_model_ids) > 0)`,
        )) as { id: string; parent_id: string | null; disabled_model_ids: string[] }[];
        const children = new Map<string, string[]>();
        const disabledModels = new Map<string, readonly string[]>();
        for (const row of rows) {
          if (row.parent_id) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row.id]);
          if (row.disabled_model_ids.length) disabledModels.set(row.id, Object.freeze(row.disabled_model_ids));
        }
        this.tree = { children, disabledModels, scopes: new Map() };
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** The organisations the caller reads and administers. */
  scopeOf(caller: Caller): OrgScope {
    if (caller.roles.includes('platform_admin')) return ALL_ORGANIZATIONS;
    return this.subtreeOf(caller.organizationId);
  }

  /** The organisation and every organisation placed under it (the scope of its administrators). */
  subtreeOf(organizationId: string): OrgScope {
    const { scopes, children } = this.tree;
    let scope = scopes.get(organizationId);
    if (!scope) {
      scope = Object.freeze({ all: false, organizationIds: Object.freeze(subtree(organizationId, children)) });
      scopes.set(organizationId, scope);
    }
    return scope;
  }

  /** Models the organisation's administrators switched off for its members (read with the tree). */
  disabledModelIds(organizationId: string): readonly string[] {
    return this.tree.disabledModels.get(organizationId) ?? NONE;
  }

  /** Whether the organisation is in the caller's scope; `null` (platform-wide defaults) only for a platform_admin. */
  administers(caller: Caller, organizationId: string | null): boolean {
    const scope = this.scopeOf(caller);
    if (scope.all) return true;
    return organizationId !== null && scope.organizationIds.includes(organizationId);
  }

  /** Throws 404 — as if it did not exist — for an organisation outside the caller's scope. */
  assertAdministers(caller: Caller, organizationId: string): void {
    if (!this.administers(caller, organizationId)) throw ApiException.notFound('organization');
  }

  /** The caller's scope, or only the requested organisation in it (404 when outside). */
  narrow(caller: Caller, requested: string | undefined | null): OrgScope {
    if (!requested) return this.scopeOf(caller);
    this.assertAdministers(caller, requested);
    return { all: false, organizationIds: [requested] };
  }
}

/**
 * A SQL condition restricting `column` to the scope, with its value added through `param` (which returns the
 * placeholder), or null when the scope is everything.
 */
export function scopeCondition(scope: OrgScope, column: string, param: (value: unknown) => string): string | null {
  if (scope.all) return null;
  return `${column} = ANY(${param(scope.organizationIds)}::uuid[])`;
}

/** The single organisation a scope was narrowed to, or null (all, or several). */
export function singleOrganization(scope: OrgScope): string | null {
  return !scope.all && scope.organizationIds.length === 1 ? scope.organizationIds[0] : null;
}

function subtree(root: string, children: Map<string, string[]>): string[] {
  const ids = [root];
  // A cycle cannot be stored (moves are checked), but a snapshot must never loop: visit each id once.
  const seen = new Set(ids);
  for (let i = 0; i < ids.length; i++) {
    for (const child of children.get(ids[i]) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        ids.push(child);
      }
    }
  }
  return ids;
}
