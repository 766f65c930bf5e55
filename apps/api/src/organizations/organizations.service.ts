import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateOrganizationRequest,
  type OrganizationMemberView,
  type OrganizationModelView,
  type OrganizationNodeView,
  type OrganizationView,
  ROLES,
  type Role,
  type UpdateOrganizationRequest,
} from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { type NodeRow, settingsAssignments, toNodeView } from './organization-node.row';
import { OrganizationScope, scopeCondition } from './organization-scope';

const MEMBERS_PAGE = 200;

/**
 * The organisation tree as administrators see and change it (docs/operator/organizations.md). Organisations and
 * units are created at their first member's sign-in (identity) or here by platform administrators; organisation
 * administrators change their organisations' settings. Every change is audited (`admin.organization_*`).
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scope: OrganizationScope,
    private readonly audit: AuditLog,
    private readonly catalog: ModelCatalog,
  ) {}

  /** The organisations in the caller's scope and their units, parents before children, by name. */
  async list(caller: Caller): Promise<OrganizationNodeView[]> {
    const params: unknown[] = [];
    const inScope = scopeCondition(this.scope.scopeOf(caller), 'COALESCE(o.unit_organization_id, o.id)', (value) => `$${params.push(value)}`);
    const rows = (await this.dataSource.query(`${SELECT_NODES} ${inScope ? `WHERE ${inScope}` : ''} ORDER BY o.name, o.id`, params)) as NodeRow[];
    return rows.map((row) => toNodeView(row, this.permissions(caller, row)));
  }

  /** One node in the caller's scope, or 404 (also for another organisation's). */
  async get(caller: Caller, id: string): Promise<OrganizationNodeView> {
    const row = await this.findInScope(caller, id);
    return toNodeView(row, this.permissions(caller, row));
  }

  /** An organisation (not a unit) the caller administers, or 404. */
  async administered(caller: Caller, organizationId: string): Promise<OrganizationView> {
    const row = await this.findInScope(caller, organizationId);
    if (row.kind !== 'organization') throw ApiException.notFound('organization');
    return toOrganizationView(row);
  }

  /** platform_admin: a new organisation (at the top or under another) or a unit. */
  async create(caller: Caller, input: CreateOrganizationRequest): Promise<OrganizationNodeView> {
    const id = uuidv7();
    await this.dataSource.transaction(async (manager) => {
      const parent = input.parentId ? await this.lockNode(manager, input.parentId) : null;
      if (input.parentId && !parent) throw ApiException.notFound('organization');
      if (input.kind === 'organization') {
        if (parent && parent.kind !== 'organization') throw new ApiException(422, 'organization_cycle');
        const [taken] = (await manager.query(`SELECT 1 FROM organizations WHERE slug = $1`, [input.slug])) as unknown[];
        if (taken) throw new ApiException(409, 'already_exists', { resource: 'organization', id: input.slug });
        await manager.query(
          `INSERT INTO organizations (id, kind, slug, name, parent_id, default_information_class) VALUES ($1, 'organization', $2, $3, $4, $5)`,
          [id, input.slug, input.name, input.parentId ?? null, this.config.gateway.defaultInformationClass],
        );
      } else {
        const organizationId = parent!.kind === 'organization' ? parent!.id : parent!.unit_organization_id!;
        await manager.query(
          `INSERT INTO organizations (id, kind, name, parent_id, unit_organization_id) VALUES ($1, 'unit', $2, $3, $4)`,
          [id, input.name, parent!.id, organizationId],
        );
      }
      await this.audit.record(
        { action: 'admin.organization_created', actor: caller, target: { type: 'organization', id }, details: { kind: input.kind, name: input.name, parentId: input.parentId ?? null } },
        manager,
      );
    });
    await this.scope.reload();
    return this.get(caller, id);
  }

  /**
   * Name, place in the tree and vendor link: platform_admin. Settings: the organisation's administrators. Only the fields given
   * change; the change and its previous values are audited in the same transaction.
   */
  async update(caller: Caller, id: string, input: UpdateOrganizationRequest): Promise<OrganizationNodeView> {
    await this.dataSource.transaction(async (manager) => {
      const node = await this.lockNode(manager, id);
      if (!node || !this.scope.administers(caller, node.unit_organization_id ?? node.id)) throw ApiException.notFound('organization');
      const changesNode = input.name !== undefined || input.parentId !== undefined || input.vendor !== undefined;
      if (changesNode && !caller.roles.includes('platform_admin')) throw new ApiException(403, 'forbidden');
      const settings = input.settings ?? {};
      const organizationOnly = Object.keys(settings).length > 0 || input.vendor !== undefined;
      if (organizationOnly && node.kind !== 'organization') throw new ApiException(422, 'organization_settings_on_unit');
      if (input.parentId !== undefined) await this.checkMove(manager, node, input.parentId);
      const defaultClass = settings.defaultInformationClass ?? Number(node.default_information_class);
      if (defaultClass === 3 && !(settings.confidentialClassEnabled ?? node.confidential_class_enabled)) {
        throw new ApiException(422, 'validation_failed', {}, [{ field: 'settings.defaultInformationClass', kind: 'needs_confidential_class' }]);
      }

      const assignments: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown) => assignments.push(`${column} = $${params.push(value)}`);
      if (input.name !== undefined) set('name', input.name);
      if (input.parentId !== undefined) set('parent_id', input.parentId);
      if (input.vendor !== undefined) set('vendor', input.vendor);
      for (const [column, value] of settingsAssignments(settings)) set(column, value);
      if (!assignments.length) return;
      await manager.query(`UPDATE organizations SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1`, params);
      await this.audit.record(
        {
          action: 'admin.organization_updated',
          actor: caller,
          organizationId: node.unit_organization_id ?? node.id,
          target: { type: 'organization', id },
          details: { changes: JSON.stringify(input), before: JSON.stringify(beforeOf(node, input)) },
        },
        manager,
      );
    });
    await this.scope.reload();
    return this.get(caller, id);
  }

  /** platform_admin: removes an empty node (no members, no units or organisations under it, no data). */
  async remove(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const node = await this.lockNode(manager, id);
      if (!node || !this.scope.administers(caller, node.unit_organization_id ?? node.id)) throw ApiException.notFound('organization');
      const [usage] = (await manager.query(
        `SELECT (SELECT count(*) FROM organizations c WHERE c.parent_id = $1)::int AS children,
                (SELECT count(*) FROM users u WHERE u.organization_id = $1 OR u.unit_id = $1)::int AS members,
                (SELECT count(*) FROM conversations c WHERE c.organization_id = $1)::int AS conversations`,
        [id],
      )) as { children: number; members: number; conversations: number }[];
      const what = [
        usage.children && { ja: `配下の組織・部署（${usage.children}）`, en: `${usage.children} units or organisations under it` },
        usage.members && { ja: `所属者（${usage.members}人）`, en: `${usage.members} members` },
        usage.conversations && { ja: `会話（${usage.conversations}件）`, en: `${usage.conversations} conversations` },
      ].filter(Boolean) as { ja: string; en: string }[];
      if (what.length) {
        throw new ApiException(409, 'organization_not_empty', {
          name: node.name,
          what: { ja: what.map((w) => w.ja).join('・'), en: what.map((w) => w.en).join(', ') },
        });
      }
      // The audit entry goes to the parent organisation's log: a deleted organisation has no log to write to.
      const logOf = node.kind === 'unit' ? node.unit_organization_id! : node.parent_id ?? caller.organizationId;
      await this.audit.record(
        { action: 'admin.organization_deleted', actor: caller, organizationId: logOf, target: { type: 'organization', id }, details: { kind: node.kind, name: node.name, slug: node.slug } },
        manager,
      );
      await manager.query(`DELETE FROM quota_rules WHERE organization_id = $1`, [id]);
      await manager.query(`DELETE FROM organizations WHERE id = $1`, [id]);
    });
    await this.scope.reload();
  }

  /** Members of an organisation (all of it) or a unit (and the units under it), by name; Keycloak keeps their roles. */
  async members(caller: Caller, id: string, query: { q?: string; offset?: number }): Promise<OrganizationMemberView[]> {
    const node = await this.findInScope(caller, id);
    const params: unknown[] = [id];
    const where =
      node.kind === 'organization'
        ? 'u.organization_id = $1'
        : `u.unit_id IN (WITH RECURSIVE sub AS (SELECT id FROM organizations WHERE id = $1
             UNION ALL SELECT c.id FROM organizations c JOIN sub ON c.parent_id = sub.id WHERE c.kind = 'unit') SELECT id FROM sub)`;
    const search = query.q?.trim()
      ? ` AND (u.display_name ILIKE $${params.push(`%${escapeLike(query.q.trim())}%`)} OR u.username ILIKE $${params.length} OR u.email ILIKE $${params.length})`
      : '';
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.subject, u.username, u.display_name, u.email, u.roles, u.last_seen_at, unit.id AS unit_id, unit.name AS unit_name
         FROM users u LEFT JOIN organizations unit ON unit.id = u.unit_id
        WHERE ${where}${search}
        ORDER BY u.display_name, u.id LIMIT ${MEMBERS_PAGE} OFFSET $${params.push(query.offset ?? 0)}`,
      params,
    )) as MemberRow[];
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      // Gennai's roles only: Keycloak's own (default-roles-gennai, offline_access, …) mean nothing here.
      roles: row.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
      unit: row.unit_id ? { id: row.unit_id, name: row.unit_name! } : null,
      lastSeenAt: new Date(row.last_seen_at).toISOString(),
      manageUrl: this.manageUrl(row.subject),
    }));
  }

  /** Every catalogue model with whether this organisation's members may use it and who decided. */
  async models(caller: Caller, id: string): Promise<OrganizationModelView[]> {
    const node = await this.findInScope(caller, id);
    if (node.kind !== 'organization') throw new ApiException(422, 'organization_settings_on_unit');
    return this.catalog
      .entries()
      .filter((entry) => entry.enabled)
      .map((entry) => ({
        id: entry.id,
        displayName: entry.label,
        vendor: entry.vendor ?? '',
        domestic: entry.domestic,
        maxInformationClass: entry.maxInformationClass,
        allowedByPlatform: !entry.access.organizationIds.length || entry.access.organizationIds.includes(id),
        disabledByOrganization: node.disabled_model_ids.includes(entry.id),
      }));
  }

  private permissions(caller: Caller, row: NodeRow) {
    return { canEditSettings: row.kind === 'organization', canEditNode: caller.roles.includes('platform_admin') };
  }

  private async findInScope(caller: Caller, id: string): Promise<NodeRow> {
    const [row] = (await this.dataSource.query(`${SELECT_NODES} WHERE o.id = $1`, [id])) as NodeRow[];
    if (!row || !this.scope.administers(caller, row.unit_organization_id ?? row.id)) throw ApiException.notFound('organization');
    return row;
  }

  private async lockNode(manager: EntityManager, id: string): Promise<NodeRow | undefined> {
    const [row] = (await manager.query(`SELECT o.*, 0 AS member_count FROM organizations o WHERE o.id = $1 FOR UPDATE`, [id])) as NodeRow[];
    return row;
  }

  /**
   * A move keeps the tree a tree: an organisation goes under an organisation (or to the top), a unit under a unit or
   * its own organisation, and nothing under itself or its own descendants.
   */
  private async checkMove(manager: EntityManager, node: NodeRow, parentId: string | null): Promise<void> {
    if (parentId === null) {
      if (node.kind === 'unit') throw new ApiException(422, 'organization_cycle');
      return;
    }
    const [parent] = (await manager.query(`SELECT id, kind, unit_organization_id FROM organizations WHERE id = $1`, [parentId])) as NodeRow[];
    if (!parent) throw ApiException.notFound('organization');
    const fits =
      node.kind === 'organization' ? parent.kind === 'organization' : (parent.unit_organization_id ?? parent.id) === node.unit_organization_id;
    if (!fits) throw new ApiException(422, 'organization_cycle');
    const [cycle] = (await manager.query(
      `WITH RECURSIVE up AS (SELECT id, parent_id FROM organizations WHERE id = $1
         UNION ALL SELECT o.id, o.parent_id FROM organizations o JOIN up ON o.id = up.parent_id)
       SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
      [parentId, node.id],
    )) as unknown[];
    if (cycle) throw new ApiException(422, 'organization_cycle');
  }

  private manageUrl(subject: string): string | null {
    const { url, realm, developmentProvider } = this.config.identity;
    if (developmentProvider) return null;
    return `${url.replace(/\/$/, '')}/admin/${encodeURIComponent(realm)}/console/#/${encodeURIComponent(realm)}/users/${encodeURIComponent(subject)}/settings`;
  }
}

interface MemberRow {
  id: string;
  subject: string;
  username: string;
  display_name: string;
  email: string | null;
  roles: string[];
  last_seen_at: string | Date;
  unit_id: string | null;
  unit_name: string | null;
}

const SELECT_NODES = `SELECT o.*,
    (SELECT count(*) FROM users u WHERE CASE WHEN o.kind = 'organization' THEN u.organization_id = o.id ELSE u.unit_id = o.id END)::int AS member_count
  FROM organizations o`;

function beforeOf(node: NodeRow, input: UpdateOrganizationRequest): Record<string, unknown> {
  const before: Record<string, unknown> = {};
  if (input.name !== undefined) before.name = node.name;
  if (input.parentId !== undefined) before.parentId = node.parent_id;
  if (input.vendor !== undefined) before.vendor = node.vendor;
  for (const [column] of settingsAssignments(input.settings ?? {})) before[column] = (node as unknown as Record<string, unknown>)[column];
  return before;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toOrganizationView(organization: { id: string; slug: string | null; name: string }): OrganizationView {
  return { id: organization.id, slug: organization.slug ?? '', name: organization.name };
}
