import type { ApiErrorView, AuditEntryPageView, AuditVerificationView, LegalHoldPageView, LegalHoldView, MeView } from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/audit/audit-log.service';
import { uuidv7 } from '../src/database/uuid-v7';
import { createLogger } from '../src/logging/logger';
import { RETENTION_RUN_LOCK_ID } from '../src/retention/retention-locks';
import { RetentionJob, type RetentionJobOptions, type RetentionOutcome } from '../src/retention/retention-job';
import { ApiClient } from './factories/api-client';
import { readEvents } from './support/sse';
import { startTestApi, type TestApi } from './support/api-harness';

type Ran = Extract<RetentionOutcome, { ran: true }>;

describe('retention and legal hold', () => {
  let api: TestApi;
  let alice: ApiClient; // user, デジタル庁
  let bob: ApiClient; // user, 横須賀市
  let carol: ApiClient; // org_admin, デジタル庁
  let carolEn: ApiClient;
  let dave: ApiClient; // platform_admin
  let erin: ApiClient; // auditor (and user), デジタル庁
  let frank: ApiClient; // auditor and platform_admin
  let agency: MeView['organization'];
  let aliceId: string;
  let bobId: string;
  let erinId: string;

  beforeAll(async () => {
    // The schedule stays off: each test runs the job itself.
    api = await startTestApi({ GENNAI_RETENTION_INTERVAL_MINUTES: '0' });
    [alice, bob, carol, dave, erin, frank] = (['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] as const).map((name) => new ApiClient(api.url, name));
    carolEn = new ApiClient(api.url, 'carol', 'en');
    const [aliceMe, bobMe, erinMe] = await Promise.all([alice, bob, erin].map((client) => client.json<MeView>('GET', '/api/me')));
    [agency, aliceId, bobId, erinId] = [aliceMe.organization, aliceMe.id, bobMe.id, erinMe.id];
    await dave.json('GET', '/api/me');
  });
  afterAll(() => api?.close());

  const job = (options: RetentionJobOptions = {}) => new RetentionJob(api.db, new AuditLog(api.db), createLogger('silent'), options);
  const run = async (options: RetentionJobOptions = {}) => {
    const outcome = await job(options).run('cli');
    expect(outcome.ran).toBe(true);
    return outcome as Ran;
  };
  const setRetention = (organizationId: string, conversations: number | null, audit: number | null = null) =>
    api.db.query('UPDATE organizations SET conversation_retention_days = $2, audit_retention_days = $3 WHERE id = $1', [organizationId, conversations, audit]);
  /** A conversation with one exchange whose answer is rated, last active `daysAgo` days ago. */
  const conversation = async (client: ApiClient, daysAgo: number, rated = false) => {
    const created = await client.createConversation();
    const events = await readEvents(await client.request('POST', `/api/conversations/${created.id}/messages`, { content: '会議の議事録を要約してください' }));
    const answerId = (events.at(-1)?.data as { message: { id: string } }).message.id;
    if (rated) await client.json('PUT', `/api/messages/${answerId}/rating`, { value: 'like' });
    await api.db.query(`UPDATE conversations SET updated_at = now() - make_interval(days => $2) WHERE id = $1`, [created.id, daysAgo]);
    return created.id;
  };
  const stored = async (conversationId: string) => {
    const [row] = (await api.db.query(
      `SELECT (SELECT count(*)::int FROM conversations WHERE id = $1) AS conversations,
              (SELECT count(*)::int FROM messages WHERE conversation_id = $1) AS messages,
              (SELECT count(*)::int FROM answer_ratings r JOIN messages m ON m.id = r.message_id WHERE m.conversation_id = $1) AS ratings`,
      [conversationId],
    )) as { conversations: number; messages: number; ratings: number }[];
    return row;
  };
  const verify = () => frank.json<AuditVerificationView>('POST', '/api/audit/verify', {});
  const place = (client: ApiClient, body: object) => client.request('POST', '/api/admin/legal-holds', body);
  const holds = (client: ApiClient, query = '') => client.json<LegalHoldPageView>('GET', `/api/admin/legal-holds${query}`);

  it('deletes conversations idle longer than the period with their messages and ratings, keeps the others, and records what it did', async () => {
    await setRetention(agency.id, 30);
    const expired = await conversation(alice, 45, true);
    const fresh = await conversation(alice, 5);
    expect(await stored(expired)).toEqual({ conversations: 1, messages: 2, ratings: 1 });

    const outcome = await run();

    expect(outcome).toMatchObject({ status: 'completed', problems: [], totals: { conversations: 1, messages: 2, ratings: 1, auditEntries: 0 } });
    expect(await stored(expired)).toEqual({ conversations: 0, messages: 0, ratings: 0 });
    expect(await stored(fresh)).toMatchObject({ conversations: 1, messages: 2 });
    expect((await alice.request('GET', `/api/conversations/${expired}`)).status).toBe(404);
    // The run's row, and the organisation's audit log.
    const [row] = (await api.db.query('SELECT * FROM retention_runs WHERE id = $1', [outcome.runId])) as Record<string, unknown>[];
    expect(row).toMatchObject({ trigger: 'cli', status: 'completed', conversations_deleted: 1, messages_deleted: 2, ratings_deleted: 1, audit_entries_deleted: 0, error: null });
    expect(row.finished_at).toBeInstanceOf(Date);
    await verify();
    const applied = (await erin.json<AuditEntryPageView>('GET', '/api/audit/entries?action=retention.applied')).items;
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({
      organizationId: agency.id,
      actor: { userId: null },
      target: { type: 'retention_run', id: outcome.runId },
      details: { conversations: 1, messages: 2, ratings: 1, auditEntries: 0, conversationRetentionDays: 30, auditRetentionDays: null },
    });
    // A second run finds nothing more and writes no entry.
    expect((await run()).totals).toMatchObject({ conversations: 0, messages: 0 });
  });

  it('keeps what a legal hold covers — a held conversation, every conversation of a held user — until the hold is released', async () => {
    const held = await conversation(alice, 60);
    const heldUsers = await conversation(erin, 60);
    const unheld = await conversation(alice, 60);
    const onConversation = (await carol.json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'conversation', subjectId: held, reason: '情報公開請求 第12号' }));
    const onUser = await carol.json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'user', subjectId: erinId, reason: '訴訟 令和8年(ワ)第345号' });
    expect(onConversation).toMatchObject({ subject: 'conversation', conversationId: held, user: { id: aliceId, displayName: 'Alice Sato' }, releasedAt: null });
    expect(onUser).toMatchObject({ subject: 'user', conversationId: null, user: { id: erinId }, placedBy: { displayName: 'Carol Tanaka' } });

    expect((await run()).totals.conversations).toBe(1);
    expect((await stored(unheld)).conversations).toBe(0);
    expect((await stored(held)).conversations).toBe(1);
    expect((await stored(heldUsers)).conversations).toBe(1);

    for (const hold of [onConversation, onUser]) {
      const released = await carol.json<LegalHoldView>('POST', `/api/admin/legal-holds/${hold.id}/release`, {});
      expect(released).toMatchObject({ releasedBy: { displayName: 'Carol Tanaka' }, releasedAt: expect.any(String) });
    }
    expect((await run()).totals.conversations).toBe(2);
    expect((await stored(held)).conversations).toBe(0);
    expect((await stored(heldUsers)).conversations).toBe(0);
    // The released holds stay on record, naming what they held.
    const released = await holds(erin, '?status=released');
    expect(released.items.map((h) => h.id).sort()).toEqual([onConversation.id, onUser.id].sort());
    expect(released.items.find((h) => h.id === onConversation.id)).toMatchObject({ conversationId: held, user: null });
  });

  it('deletes audit entries beyond the period from the start of the chain in batches, and the chain still verifies', async () => {
    // An organisation of its own, so its chain starts with entries old enough to expire.
    const organizationId = uuidv7();
    await api.db.query(`INSERT INTO organizations (id, kind, slug, name) VALUES ($1, 'organization', 'retention-test-city', '保存期間テスト市')`, [organizationId]);
    const write = (daysAgo: number, action: string) =>
      api.db.query(`INSERT INTO audit_entries (occurred_at, organization_id, action, details) VALUES (now() - make_interval(days => $2), $1, $3, '{}')`, [
        organizationId,
        daysAgo,
        action,
      ]);
    for (let i = 0; i < 5; i++) await write(800 - i, 'admin.old_event');
    for (let i = 0; i < 3; i++) await write(10 - i, 'admin.recent_event');
    expect((await verify()).ok).toBe(true);
    await setRetention(organizationId, null, 365);

    const outcome = await run({ auditBatchSize: 2 });

    expect(outcome).toMatchObject({ status: 'completed', organizations: [{ organizationId, counts: { auditEntries: 5, conversations: 0 } }] });
    const left = (await api.db.query(`SELECT action, position::int AS position FROM audit_entries WHERE organization_id = $1 ORDER BY position`, [organizationId])) as {
      action: string;
      position: number;
    }[];
    // Three batches (2 + 2 + 1 entries), each leaving its sealed checkpoint; then the run's own entry.
    expect(left.map((e) => e.action)).toEqual([...Array(3).fill('admin.recent_event'), ...Array(3).fill('audit.retention'), 'retention.applied']);
    expect(left[0].position).toBe(6);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, unsealedEntries: 0 });
    expect(result.chains.find((c) => c.organizationId === organizationId)).toMatchObject({ firstPosition: 6, startsAtCheckpoint: true, failure: null });
    // Nothing expired is left: another run deletes nothing.
    expect((await run()).organizations).toEqual([]);
  });

  it('never deletes an audit entry that does not verify, so retention cannot hide tampering', async () => {
    const organizationId = uuidv7();
    await api.db.query(`INSERT INTO organizations (id, kind, slug, name) VALUES ($1, 'organization', 'tampered-city', '改ざんテスト市')`, [organizationId]);
    for (let i = 0; i < 4; i++) {
      await api.db.query(`INSERT INTO audit_entries (occurred_at, organization_id, action) VALUES (now() - interval '900 days', $1, 'admin.old_event')`, [organizationId]);
    }
    await verify();
    await api.db.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE audit_entries SET actor_display_name = 'Someone' WHERE organization_id = $1 AND position = 3`, [organizationId]);
    });
    await setRetention(organizationId, null, 365);

    const outcome = await run();

    expect(outcome.status).toBe('failed');
    expect(outcome.problems.join()).toMatch(/entry 3 does not match its hash/);
    // The two intact entries before it went; the tampered one is still there for the verifier to report.
    expect(outcome.organizations).toEqual([{ organizationId, counts: expect.objectContaining({ auditEntries: 2 }) }]);
    const chain = (await verify()).chains.find((c) => c.organizationId === organizationId);
    expect(chain?.failure).toMatchObject({ position: 3, reason: 'hash_mismatch' });
    const [row] = (await api.db.query('SELECT status, error FROM retention_runs WHERE id = $1', [outcome.runId])) as { status: string; error: string }[];
    expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/entry 3/) });
    await setRetention(organizationId, null, null);
  });

  it('runs on one replica at a time: a run while another holds the lock does nothing, and concurrent runs never delete twice', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => conversation(alice, 90)));
    const other = await api.db.createQueryRunner();
    await other.query('SELECT pg_advisory_lock($1)', [RETENTION_RUN_LOCK_ID]);
    try {
      expect(await job().run('schedule')).toEqual({ ran: false });
    } finally {
      await other.query('SELECT pg_advisory_unlock($1)', [RETENTION_RUN_LOCK_ID]);
      await other.release();
    }
    const outcomes = await Promise.all([job({ conversationBatchSize: 2 }).run('schedule'), job({ conversationBatchSize: 2 }).run('schedule')]);
    const ran = outcomes.filter((o): o is Ran => o.ran);
    expect(ran.reduce((sum, o) => sum + o.totals.conversations, 0)).toBe(6);
    expect(ran.every((o) => o.status === 'completed')).toBe(true);
    for (const id of ids) expect((await stored(id)).conversations).toBe(0);
    const [counted] = (await api.db.query(`SELECT sum(conversations_deleted)::int AS total FROM retention_runs WHERE id = ANY($1::uuid[])`, [ran.map((o) => o.runId)])) as {
      total: number;
    }[];
    expect(counted.total).toBe(6);
  });

  it('marks a run that was cut short as interrupted, and stops between batches when asked', async () => {
    // What a replica that died mid-run leaves behind.
    const crashed = uuidv7();
    await api.db.query(`INSERT INTO retention_runs (id, trigger, conversations_deleted) VALUES ($1, 'schedule', 3)`, [crashed]);
    const expired = await conversation(alice, 90);
    const stop = new AbortController();
    stop.abort();

    const stopped = (await job().run('schedule', stop.signal)) as Ran;

    expect(stopped.status).toBe('interrupted');
    expect((await stored(expired)).conversations).toBe(1);
    const rows = (await api.db.query('SELECT id, status, finished_at FROM retention_runs WHERE id = ANY($1::uuid[])', [[crashed, stopped.runId]])) as {
      id: string;
      status: string;
      finished_at: Date | null;
    }[];
    expect(rows.map((r) => [r.id, r.status])).toEqual(expect.arrayContaining([[crashed, 'interrupted'], [stopped.runId, 'interrupted']]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    // The next run carries on.
    expect((await run()).totals.conversations).toBe(1);
  });

  describe('the legal-hold API', () => {
    it('lets an organisation administrator hold only their own organisation’s users and conversations (404 for the others)', async () => {
      const bobs = await bob.createConversation();
      for (const body of [
        { subject: 'conversation', subjectId: bobs.id, reason: '調査' },
        { subject: 'user', subjectId: bobId, reason: '調査' },
        { subject: 'user', subjectId: uuidv7(), reason: '存在しない利用者' },
      ]) {
        const response = await place(carol, body);
        expect(response.status).toBe(404);
        expect(((await response.json()) as ApiErrorView).code).toBe('not_found');
      }
      // A platform administrator may hold anyone's; the other organisation's administrators do not see it.
      const citys = await dave.json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'conversation', subjectId: bobs.id, reason: '監査請求' });
      expect(citys).toMatchObject({ organizationName: '横須賀市', user: { id: bobId } });
      expect((await holds(carol, '?status=all')).items.map((h) => h.id)).not.toContain(citys.id);
      expect((await holds(dave)).items.map((h) => h.id)).toContain(citys.id);
      expect((await carol.request('POST', `/api/admin/legal-holds/${citys.id}/release`, {})).status).toBe(404);
      expect((await carol.request('GET', `/api/admin/legal-holds?organizationId=${citys.organizationId}`)).status).toBe(404);
      expect((await erin.request('GET', `/api/admin/legal-holds?organizationId=${citys.organizationId}`)).status).toBe(404);
      await dave.json('POST', `/api/admin/legal-holds/${citys.id}/release`, {});
    });

    it('refuses a second active hold on the same subject and a second release, in the caller’s language', async () => {
      const id = await conversation(alice, 1);
      const hold = await carol.json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'conversation', subjectId: id, reason: '保全' });
      const again = await place(carolEn, { subject: 'conversation', subjectId: id, reason: '保全' });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'legal_hold_exists', message: 'This conversation is already under an active legal hold.' });
      await carol.json('POST', `/api/admin/legal-holds/${hold.id}/release`, {});
      const twice = await carol.request('POST', `/api/admin/legal-holds/${hold.id}/release`, {});
      expect(twice.status).toBe(409);
      expect(((await twice.json()) as ApiErrorView).message).toBe('この訴訟ホールドは既に解除されています。');
      // Released, the subject can be held again.
      expect((await place(carol, { subject: 'conversation', subjectId: id, reason: '再度の保全' })).status).toBe(201);
    });

    it('validates the request, naming each bad field', async () => {
      const response = await place(carolEn, { subject: 'mailbox', subjectId: 'abc', reason: ' ' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ApiErrorView).details?.map((d) => d.field).sort()).toEqual(['reason', 'subject', 'subjectId']);
      expect((await carol.request('POST', '/api/admin/legal-holds/not-a-uuid/release', {})).status).toBe(404);
      expect((await carol.request('POST', `/api/admin/legal-holds/${uuidv7()}/release`, {})).status).toBe(404);
    });

    it('lets auditors read holds but not place or release them, and audits placing and releasing', async () => {
      const id = await conversation(alice, 1);
      const hold = await carol.json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'user', subjectId: aliceId, reason: '懲戒手続' });
      expect((await holds(erin)).items.map((h) => h.id)).toContain(hold.id);
      expect((await place(erin, { subject: 'conversation', subjectId: id, reason: '監査' })).status).toBe(403);
      expect((await erin.request('POST', `/api/admin/legal-holds/${hold.id}/release`, {})).status).toBe(403);
      expect((await alice.request('GET', '/api/admin/legal-holds')).status).toBe(403);
      await carol.json('POST', `/api/admin/legal-holds/${hold.id}/release`, {});

      await verify();
      const trail = (await erin.json<AuditEntryPageView>('GET', `/api/audit/entries?targetType=legal_hold&targetId=${hold.id}`)).items.reverse();
      expect(trail.map((e) => [e.action, e.actor.displayName])).toEqual([
        ['legal_hold.placed', 'Carol Tanaka'],
        ['legal_hold.released', 'Carol Tanaka'],
      ]);
      expect(trail[0].details).toEqual({ subject: 'user', subjectId: aliceId, reason: '懲戒手続' });
    });
  });
});
