import type { ApiErrorView, AuditEntryPageView, AuditEntryView, AuditVerificationView } from '@gennai/contracts';
import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../src/app.factory';
import { canonicalForm, sha256Hex } from '../src/audit/audit-canonical';
import { hashedFieldsOfView } from '../src/audit/audit-entry.row';
import { AUDIT_CSV_COLUMNS } from '../src/audit/audit-export.format';
import { loadConfig } from '../src/config/app-config';
import { createLogger } from '../src/logging/logger';
import { ApiClient } from './factories/api-client';
import { readEvents } from './support/sse';
import { startTestApi, type TestApi } from './support/api-harness';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('audit log', () => {
  let api: TestApi;
  let alice: ApiClient;
  let bob: ApiClient;
  let erin: ApiClient;
  let frank: ApiClient;
  let digitalAgency: string;

  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    bob = new ApiClient(api.url, 'bob');
    erin = new ApiClient(api.url, 'erin');
    frank = new ApiClient(api.url, 'frank', 'en');
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Seals what is waiting (verification seals first) and returns the result, as the platform-wide auditor. */
  const verify = (client = frank, body: object = {}) => client.json<AuditVerificationView>('POST', '/api/audit/verify', body);
  const entries = async (client: ApiClient, query = '') => {
    await verify();
    return (await client.json<AuditEntryPageView>('GET', `/api/audit/entries?limit=200${query}`)).items;
  };
  const send = async (client: ApiClient, conversationId: string, content: string) => {
    const response = await client.request('POST', `/api/conversations/${conversationId}/messages`, { content });
    expect(response.status).toBe(200);
    await readEvents(response);
  };

  it('records the sign-in once per session, the conversation and the message with its model and class', async () => {
    const conversation = await alice.createConversation();
    await send(alice, conversation.id, '予算資料を要約してください');
    await alice.json('GET', '/api/me');
    const mine = (await entries(erin)).filter((e) => e.actor.displayName === 'Alice Sato');
    digitalAgency = mine[0].organizationId;

    expect(mine.filter((e) => e.action === 'auth.sign_in')).toHaveLength(1);
    const created = mine.find((e) => e.action === 'conversation.created');
    expect(created).toMatchObject({ target: { type: 'conversation', id: conversation.id }, details: { modelId: 'echo', informationClass: 2 } });
    const sent = mine.find((e) => e.action === 'message.sent') as AuditEntryView;
    expect(sent).toMatchObject({
      target: { type: 'conversation', id: conversation.id },
      details: { modelId: 'echo', informationClass: 2 },
      actor: { roles: ['user'], organizationId: digitalAgency },
      source: { ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: expect.any(String), apiKeyId: null },
      // By default only the SHA-256 of the text is kept.
      messageSha256: sha256('予算資料を要約してください'),
      messageText: null,
    });
    expect(sent.position).toBeGreaterThan(0);
    expect(sent.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the message text where the organisation says so', async () => {
    await api.db.query(`UPDATE organizations SET audit_keeps_message_text = true WHERE id = $1`, [digitalAgency]);
    const conversation = await alice.createConversation();
    await send(alice, conversation.id, '住所は横須賀市です');
    const sent = (await entries(erin, '&action=message.sent')).find((e) => e.target?.id === conversation.id);
    expect(sent).toMatchObject({ messageText: '住所は横須賀市です', messageSha256: sha256('住所は横須賀市です') });
    await api.db.query(`UPDATE organizations SET audit_keeps_message_text = false WHERE id = $1`, [digitalAgency]);
  });

  it('verifies every chain from its first entry to its last', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, unsealedEntries: 0 });
    expect(result.entries).toBeGreaterThan(5);
    for (const chain of result.chains) expect(chain).toMatchObject({ firstPosition: 1, lastPosition: chain.entries, failure: null });
  });

  it('refuses to change or delete entries, even through SQL', async () => {
    await expect(api.db.query(`UPDATE audit_entries SET action = 'auth.sign_out'`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`UPDATE audit_entries SET message_text = 'edited' WHERE action = 'message.sent'`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`DELETE FROM audit_entries WHERE action = 'auth.sign_in'`)).rejects.toThrow(/cannot be deleted/);
    await expect(api.db.query(`TRUNCATE audit_entries`)).rejects.toThrow(/cannot be deleted/);
    expect((await verify()).ok).toBe(true);
  });

  it('shows an auditor only their own organisation, and an auditor who is also platform_admin every one', async () => {
    const theirs = await bob.createConversation();
    const ownOnly = await entries(erin);
    expect(ownOnly.length).toBeGreaterThan(0);
    expect(new Set(ownOnly.map((e) => e.organizationId))).toEqual(new Set([digitalAgency]));
    expect(ownOnly.some((e) => e.target?.id === theirs.id)).toBe(false);

    const everyone = await entries(frank, '&action=conversation.created');
    const bobs = everyone.find((e) => e.target?.id === theirs.id) as AuditEntryView;
    expect(bobs.organizationId).not.toBe(digitalAgency);
    // Asking for another organisation is answered as if it did not exist.
    expect((await erin.request('GET', `/api/audit/entries?organizationId=${bobs.organizationId}`)).status).toBe(404);
    expect((await erin.request('POST', '/api/audit/verify', { organizationId: bobs.organizationId })).status).toBe(404);
    const own = await verify(erin);
    expect(own.chains.map((c) => c.organizationId)).toEqual([digitalAgency]);
  });

  it('filters by action, actor and target, and pages with a cursor from newest to oldest', async () => {
    const all = await entries(frank);
    const signIns = await entries(frank, '&action=auth.*');
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns.every((e) => e.action === 'auth.sign_in')).toBe(true);
    const byName = await entries(frank, `&actor=${encodeURIComponent('alice')}`);
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.actor.displayName === 'Alice Sato')).toBe(true);
    const byId = await entries(frank, `&actor=${byName[0].actor.userId}`);
    expect(byId.map((e) => e.id)).toEqual(byName.map((e) => e.id));
    const target = byName.find((e) => e.target)?.target;
    expect((await entries(frank, `&targetType=conversation&targetId=${target?.id}`)).every((e) => e.target?.id === target?.id)).toBe(true);

    const pages: AuditEntryView[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditEntryPageView = await frank.json('GET', `/api/audit/entries?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Entries written while paging (the verification calls) are newer than the first page: the walk sees the rest once.
    expect(pages.map((e) => e.id)).toEqual(expect.arrayContaining(all.map((e) => e.id)));
    expect(new Set(pages.map((e) => e.id)).size).toBe(pages.length);
  });

  it('exports a period as JSONL and CSV that round-trip and can be verified without the database, and records the export', async () => {
    // Days are counted in the platform's time zone (Japan time by default), as in usage reports.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const jsonl = await erin.request('GET', `/api/audit/export?format=jsonl&from=2020-01-01&to=2100-01-01`);
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const exported = (await jsonl.text()).trim().split('\n').map((line) => JSON.parse(line) as AuditEntryView);
    expect(exported.length).toBeGreaterThan(3);
    expect(exported.every((e) => e.organizationId === digitalAgency)).toBe(true);
    // Oldest first; every sealed entry's hash is reproducible from the export alone, and consecutive ones link.
    const sealed = exported.filter((e) => e.hash !== null).sort((a, b) => (a.position as number) - (b.position as number));
    for (const entry of sealed) expect(sha256Hex(canonicalForm(hashedFieldsOfView(entry)!))).toBe(entry.hash);
    for (let i = 1; i < sealed.length; i++) expect(sealed[i].previousHash).toBe(sealed[i - 1].hash);

    const csv = await erin.request('GET', `/api/audit/export?format=csv&from=2020-01-01&to=2100-01-01`);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="gennai-audit-.*\.csv"/);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    const byId = new Map(exported.map((e) => [e.id, e]));
    for (const row of rows.slice(1)) {
      const cell = Object.fromEntries(AUDIT_CSV_COLUMNS.map((column, i) => [column, row[i]]));
      const entry = byId.get(cell.id);
      if (!entry) continue; // written between the two exports
      expect(cell).toMatchObject({ action: entry.action, occurred_at: entry.occurredAt, hash: entry.hash ?? '', actor_display_name: entry.actor.displayName ?? '' });
      expect(JSON.parse(cell.details)).toEqual(entry.details);
      expect(JSON.parse(cell.actor_roles)).toEqual(entry.actor.roles);
    }

    const exports = await entries(erin, `&action=audit.exported&from=${today}&to=${today}`);
    expect(exports.map((e) => e.details.format).sort()).toEqual(['csv', 'jsonl']);
    expect(exports[0]).toMatchObject({ actor: { displayName: 'Erin Ito', roles: expect.arrayContaining(['user', 'auditor']) } });
  });

  it('gives one valid chain when two API replicas append at the same time', async () => {
    const second = await startReplica(api);
    try {
      const clients = [alice, new ApiClient(second.url, 'alice')];
      await clients[1].json('GET', '/api/me'); // one sign-in before the burst
      await Promise.all(Array.from({ length: 30 }, (_, i) => clients[i % 2].createConversation()));
      const result = await verify();
      expect(result).toMatchObject({ ok: true, unsealedEntries: 0 });
      const chain = result.chains.find((c) => c.organizationId === digitalAgency);
      expect(chain).toMatchObject({ firstPosition: 1, failure: null });
    } finally {
      await second.close();
    }
  });

  it('verifies an entry whose transaction committed after later entries were sealed', async () => {
    // Inserted first (earlier id and time), committed last: it takes the next free position, behind the others.
    const late = api.db.createQueryRunner();
    await late.startTransaction();
    await late.query(`INSERT INTO audit_entries (organization_id, action) VALUES ($1, 'admin.late_commit_test')`, [digitalAgency]);
    await alice.createConversation();
    await alice.createConversation();
    expect((await verify()).ok).toBe(true);
    await late.commitTransaction();
    await late.release();
    const result = await verify();
    expect(result).toMatchObject({ ok: true, unsealedEntries: 0 });
    const [entry] = await entries(frank, '&action=admin.late_commit_test');
    const newer = (await entries(frank, '&action=conversation.created')).filter((e) => Number(e.id) > Number(entry.id) && e.organizationId === digitalAgency);
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.every((e) => (e.position as number) < (entry.position as number))).toBe(true);
  });

  it('starts verification after entries the retention job deleted, trusting its sealed checkpoint', async () => {
    const [first] = (await api.db.query(
      `SELECT position::int AS position, hash FROM audit_entries WHERE organization_id = $1 AND position = 2`,
      [digitalAgency],
    )) as { position: number; hash: string }[];
    await api.db.transaction(async (manager) => {
      await manager.query(`SET LOCAL gennai.audit_retention = 'on'`);
      await manager.query(`DELETE FROM audit_entries WHERE organization_id = $1 AND position <= 2`, [digitalAgency]);
      await manager.query(
        `INSERT INTO audit_entries (organization_id, action, details) VALUES ($1, 'audit.retention', $2)`,
        [digitalAgency, JSON.stringify({ deletedThroughHash: first.hash, deletedThroughPosition: 2 })],
      );
    });
    const result = await verify();
    expect(result.ok).toBe(true);
    expect(result.chains.find((c) => c.organizationId === digitalAgency)).toMatchObject({ firstPosition: 3, startsAtCheckpoint: true });
  });

  it('reports the first tampered entry, with why, at its position', async () => {
    const [target] = (await api.db.query(
      `SELECT position::int AS position, actor_display_name FROM audit_entries WHERE organization_id = $1 AND action = 'message.sent' ORDER BY position LIMIT 1`,
      [digitalAgency],
    )) as { position: number; actor_display_name: string }[];
    // As a superuser with the append-only trigger switched off for this session: what an intruder in the database could do.
    const tamper = (sql: string, params: unknown[]) =>
      api.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(sql, params);
      });
    await tamper(`UPDATE audit_entries SET actor_display_name = 'Someone Else' WHERE organization_id = $1 AND position = $2`, [digitalAgency, target.position]);
    let result = await verify();
    expect(result.ok).toBe(false);
    expect(result.chains.find((c) => c.organizationId === digitalAgency)?.failure).toMatchObject({ position: target.position, reason: 'hash_mismatch' });
    // Other organisations' chains are unaffected.
    expect(result.chains.filter((c) => c.organizationId !== digitalAgency).every((c) => c.failure === null)).toBe(true);

    await tamper(`UPDATE audit_entries SET actor_display_name = $3 WHERE organization_id = $1 AND position = $2`, [digitalAgency, target.position, target.actor_display_name]);
    expect((await verify()).ok).toBe(true);

    await tamper(`DELETE FROM audit_entries WHERE organization_id = $1 AND position = $2`, [digitalAgency, target.position + 1]);
    result = await verify();
    expect(result.chains.find((c) => c.organizationId === digitalAgency)?.failure).toMatchObject({ position: target.position + 1, reason: 'gap' });

    // Cutting entries off the end leaves a chain that links perfectly: the chain head still tells.
    const otherChain = result.chains.find((c) => c.organizationId !== digitalAgency) as AuditVerificationView['chains'][number];
    await tamper(`DELETE FROM audit_entries WHERE organization_id = $1 AND position = $2`, [otherChain.organizationId, otherChain.lastPosition]);
    result = await verify();
    expect(result.chains.find((c) => c.organizationId === otherChain.organizationId)?.failure).toMatchObject({
      position: otherChain.lastPosition,
      reason: 'truncated',
    });
  });

  it('is closed to staff and validates its filters, naming the field in the caller’s language', async () => {
    for (const [method, path] of [
      ['GET', '/api/audit/entries'],
      ['GET', '/api/audit/export?format=csv'],
      ['POST', '/api/audit/verify'],
    ]) {
      expect((await alice.request(method, path, method === 'POST' ? {} : undefined)).status).toBe(403);
    }
    const details = async (response: Response) => ((await response.json()) as ApiErrorView).details ?? [];
    const ja = await erin.request('GET', '/api/audit/entries?from=2026-13-45');
    expect(ja.status).toBe(400);
    expect(await details(ja)).toEqual([{ field: 'from', message: 'from: 形式が正しくありません' }]);
    const en = await frank.request('GET', '/api/audit/export?format=xml&to=yesterday');
    expect(en.status).toBe(400);
    const fields = await details(en);
    expect(fields.map((d) => d.field).sort()).toEqual(['format', 'to']);
    expect(fields.find((d) => d.field === 'format')?.message).toBe('format: must be one of: csv, jsonl');
    const reversed = await erin.request('GET', '/api/audit/entries?from=2026-11-02&to=2026-11-01');
    expect((await details(reversed)).map((d) => d.field)).toEqual(['to']);
  });
});

/** A second API process on the same database: another replica behind the same load balancer. */
async function startReplica(api: TestApi): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: (api.db.options as { url: string }).url,
    DATABASE_POOL_SIZE: '4',
    KEYCLOAK_URL: inject('keycloakUrl'),
    GENNAI_MODELS: JSON.stringify([{ id: 'echo', label: 'Echo (test)', baseUrl: inject('llmBaseUrl'), model: 'test-model' }]),
  });
  const app: INestApplication = await createApp(config, createLogger('silent'));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** RFC 4180, as a spreadsheet reads it; undoes the export's apostrophe in front of formula-like cells. */
function parseCsv(text: string): string[][] {
  const unescape = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(unescape(cell));
      cell = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(unescape(cell));
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }
  return rows;
}
