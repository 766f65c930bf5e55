import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { legalHoldListQuerySchema, LegalHoldPageView, LegalHoldSubject, LegalHoldView, placeLegalHoldSchema } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AuditLog } from '../audit/audit-log.service';
import { uuidv7 } from '../database/uuid-v7';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope } from '../organizations/organization-scope';
import { scopedWhere } from './legal-hold-scope';
import { type LegalHoldRow, SELECT_LEGAL_HOLDS, toLegalHoldView } from './legal-hold.row';
import { LEGAL_HOLD_LOCK_ID } from './retention-locks';

export type PlaceLegalHoldInput = z.output<typeof placeLegalHoldSchema>;
export type LegalHoldListInput = z.output<typeof legalHoldListQuerySchema>;

/** The subject's words in error messages (「この利用者には…」/ "This user is …"). */
const SUBJECT_WORDS: Record<LegalHoldSubject, { ja: string; en: string }> = {
  user: { ja: '利用者', en: 'user' },
  conversation: { ja: '会話', en: 'conversation' },
};

/**
 * Legal holds (訴訟ホールド, docs/operator/retention.md): administrators place a hold on a user or a conversation of
 * an organisation they administer, which stops the retention job deleting it, and release it when the matter is
 * closed; auditors read them. Every query goes through scopedWhere / OrganizationScope; ids outside the caller's
 * organisations answer 404. Placing and releasing are audited in the same transaction.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: OrganizationScope,
    private readonly audit: AuditLog,
  ) {}

  /** Active holds first, then the most recently placed. */
  async list(caller: Caller, query: LegalHoldListInput): Promise<LegalHoldPageView> {
    const params: unknown[] = [];
    const filters: string[] = [];
    const inScope = scopedWhere(this.scope.narrow(caller, query.organizationId), 'h.organization_id', params);
    if (inScope) filters.push(inScope);
    if (query.status === 'active') filters.push('h.released_at IS NULL');
    if (query.status === 'released') filters.push('h.released_at IS NOT NULL');
    const rows = (await this.dataSource.query(
      `${SELECT_LEGAL_HOLDS.replace(' FROM legal_holds h', ', count(*) OVER () AS total FROM legal_holds h')}
        ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
        ORDER BY h.released_at IS NULL DESC, h.placed_at DESC, h.id
        LIMIT $${params.push(query.limit)} OFFSET $${params.push(query.offset)}`,
      params,
    )) as LegalHoldRow[];
    return { items: rows.map(toLegalHoldView), total: Number(rows[0]?.total ?? 0) };
  }

  /** Holds a user (all their conversations) or one conversation of an organisation the caller administers. */
  async place(caller: Caller, input: PlaceLegalHoldInput): Promise<LegalHoldView> {
    const id = uuidv7();
    return this.dataSource.transaction(async (manager) => {
      // Serialised with the retention job's batches: a batch under way finishes first, and every later one sees the hold.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LEGAL_HOLD_LOCK_ID]);
      const organizationId = await this.subjectOrganization(manager, caller, input.subject, input.subjectId);
      const column = input.subject === 'user' ? 'user_id' : 'conversation_id';
      const [active] = (await manager.query(`SELECT 1 FROM legal_holds WHERE ${column} = $1 AND released_at IS NULL`, [input.subjectId])) as unknown[];
      if (active) throw new ApiException(409, 'legal_hold_exists', { subject: SUBJECT_WORDS[input.subject] });
      await manager.query(`INSERT INTO legal_holds (id, organization_id, ${column}, reason, placed_by) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        organizationId,
        input.subjectId,
        input.reason,
        caller.userId,
      ]);
      await this.audit.record(
        {
          action: 'legal_hold.placed',
          actor: caller,
          organizationId,
          target: { type: 'legal_hold', id },
          details: { subject: input.subject, subjectId: input.subjectId, reason: input.reason },
        },
        manager,
      );
      return this.get(manager, caller, id);
    });
  }

  /** Ends a hold: from the next run on, retention deletes what it kept once it has expired. The record stays. */
  async release(caller: Caller, id: string): Promise<LegalHoldView> {
    return this.dataSource.transaction(async (manager) => {
      const hold = await this.get(manager, caller, id, 'FOR UPDATE OF h');
      if (hold.releasedAt) throw new ApiException(409, 'legal_hold_released');
      await manager.query('UPDATE legal_holds SET released_at = now(), released_by = $2 WHERE id = $1', [id, caller.userId]);
      await this.audit.record(
        {
          action: 'legal_hold.released',
          actor: caller,
          organizationId: hold.organizationId,
          target: { type: 'legal_hold', id },
          details: { subject: hold.subject, subjectId: hold.conversationId ?? hold.user?.id ?? null },
        },
        manager,
      );
      return this.get(manager, caller, id);
    });
  }

  /** One hold in the caller's scope, or 404 (also for another organisation's). */
  private async get(manager: EntityManager, caller: Caller, id: string, lock = ''): Promise<LegalHoldView> {
    const params: unknown[] = [id];
    const inScope = scopedWhere(this.scope.scopeOf(caller), 'h.organization_id', params);
    const [row] = (await manager.query(`${SELECT_LEGAL_HOLDS} WHERE h.id = $1${inScope ? ` AND ${inScope}` : ''} ${lock}`, params)) as LegalHoldRow[];
    if (!row) throw ApiException.notFound('legal_hold');
    return toLegalHoldView(row);
  }

  /** The organisation of the user or conversation to hold; 404 when it does not exist or is outside the caller's scope. */
  private async subjectOrganization(manager: EntityManager, caller: Caller, subject: LegalHoldSubject, subjectId: string): Promise<string> {
    const table = subject === 'user' ? 'users' : 'conversations';
    const [row] = (await manager.query(`SELECT organization_id FROM ${table} WHERE id = $1`, [subjectId])) as { organization_id: string }[];
    if (!row || !this.scope.administers(caller, row.organization_id)) throw ApiException.notFound(subject);
    return row.organization_id;
  }
}
