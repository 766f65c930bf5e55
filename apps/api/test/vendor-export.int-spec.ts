import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  ApiErrorView,
  MeView,
  OrganizationNodeView,
  VendorBattleLine,
  VendorExportHeaderLine,
  VendorExportLine,
  VendorModelsView,
  VendorRatingLine,
} from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';
import { TEST_USERS, type TestUserName } from './support/test-users';

const PHONE = '090-1234-5678';
const EMAIL = 'hanako.tanaka@city.example.lg.jp';
const MY_NUMBER = '123456789018';
/** What a with_text organisation's member typed: each kind must come out as its placeholder. */
const PROMPT_WITH_PII = `田中花子（電話 ${PHONE}、${EMAIL}）のマイナンバー ${MY_NUMBER} の手続きを要約して`;
const MASKED_PROMPT = '田中花子（電話 ［電話番号］、［メールアドレス］）のマイナンバー ［マイナンバー］ の手続きを要約して';
const RAW_VALUES = [PHONE, EMAIL, MY_NUMBER];

/** Keys of every feedback line: anything more would be something else of the user. */
const RATING_KEYS = ['answer', 'app', 'comment', 'day', 'id', 'modelId', 'organizationLevel', 'prompt', 'tags', 'taskCategory', 'type', 'user', 'value'];
const BATTLE_KEYS = ['answer', 'app', 'day', 'id', 'modelId', 'opponent', 'organizationLevel', 'prompt', 'result', 'taskCategory', 'type', 'user'];

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A period around now whatever the time zones: feedback is counted by its day in Asia/Tokyo. */
const FROM = dayFromNow(-30);
const TO = dayFromNow(1);
const PERIOD = () => `from=${FROM}&to=${TO}`;

describe('vendor feedback export', () => {
  let api: TestApi;
  const clients = {} as Record<TestUserName, ApiClient>;
  const client = (name: TestUserName) => (clients[name] ??= new ApiClient(api.url, name));
  const organizationOf = async (name: TestUserName) => (await client(name).json<MeView>('GET', '/api/me')).organization.id;
  const userIdOf = async (name: TestUserName) => ((await api.db.query('SELECT id FROM users WHERE username = $1', [name])) as { id: string }[])[0].id;

  /** Sends one message (personal data confirmed) and rates the answer. */
  async function rateAnswer(name: TestUserName, modelId: string, content: string, rating: { value: 'like' | 'dislike'; comment?: string }) {
    const conversation = await client(name).createConversation(modelId);
    const response = await client(name).request('POST', `/api/conversations/${conversation.id}/messages`, { content, confirmPii: true });
    const events = await readEvents(response);
    const answerId = (events.at(-1)!.data as { message: { id: string } }).message.id;
    await client(name).json('PUT', `/api/messages/${answerId}/rating`, rating);
    return answerId;
  }

  /** A voted battle, written as the arena stores one (the arena's own routes are tested in arena.int-spec.ts). */
  async function votedBattle(name: TestUserName, models: [string, string], winner: 'a' | 'b' | 'tie' | 'both_bad', prompt: string) {
    const [userId, organizationId] = [await userIdOf(name), await organizationOf(name)];
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, information_class, prompt, task_category, model_a, model_b, answer_a, answer_b,
         status_a, status_b, status, winner, voted_at, created_at, completed_at)
       VALUES ($1, $2, $3, 2, $4, 'summarization', $5, $6, $7, $8, 'complete', 'complete', 'voted', $9, now(), now(), now())`,
      [randomUUID(), organizationId, userId, prompt, models[0], models[1], `${models[0]}の回答: ${prompt}`, `${models[1]}の回答: ${prompt}`, winner],
    );
  }

  async function exportAs(name: TestUserName, query = PERIOD()) {
    const response = await client(name).request('GET', `/api/vendor/feedback/export?${query}`);
    const text = await response.text();
    const lines = response.ok ? text.trim().split('\n').map((line) => JSON.parse(line) as VendorExportLine) : [];
    return { response, text, lines, header: lines[0] as VendorExportHeaderLine, ratings: lines.filter((l): l is VendorRatingLine => l.type === 'rating'), battles: lines.filter((l): l is VendorBattleLine => l.type === 'battle') };
  }

  const linkVendor = async (vendor: string | null) => {
    const organizationId = await organizationOf('victor');
    return client('dave').request('PATCH', `/api/admin/organizations/${organizationId}`, { vendor });
  };
  const setSharing = (admin: TestUserName, organizationId: string, vendorFeedbackSharing: string) =>
    client(admin).json<OrganizationNodeView>('PATCH', `/api/admin/organizations/${organizationId}`, { settings: { vendorFeedbackSharing } });

  beforeAll(async () => {
    const llm = inject('llmBaseUrl');
    api = await startTestApi({
      GENNAI_MODELS: JSON.stringify([
        { id: 'echo', label: 'Acme 7B', baseUrl: llm, model: 'test-model', vendor: 'Acme AI', domestic: true },
        { id: 'acme-lite', label: 'Acme Lite', baseUrl: llm, model: 'test-model', vendor: 'Acme AI', domestic: true },
        { id: 'rival', label: 'Rival GPT', baseUrl: llm, model: 'test-model', vendor: 'Rival Labs' },
      ]),
      GENNAI_DEMO_MODEL: 'false',
      GENNAI_RATE_LIMIT_PER_MINUTE: '1000',
      GENNAI_VENDOR_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    });
    // Sign everyone in once, so their organisations exist before the administrators set them up.
    for (const name of ['alice', 'bob', 'ivan', 'carol', 'dave'] as const) await organizationOf(name);
    await client('victor').request('GET', '/api/vendor/models');

    // デジタル庁 shares text, 横須賀市 keeps the default (ratings only), 神奈川県 shares nothing.
    await setSharing('carol', await organizationOf('alice'), 'with_text');
    await setSharing('dave', await organizationOf('ivan'), 'none');

    await rateAnswer('alice', 'echo', PROMPT_WITH_PII, { value: 'dislike', comment: `折り返しは ${PHONE} へ` });
    await rateAnswer('bob', 'echo', `市民 ${EMAIL} からの問い合わせへの回答案`, { value: 'like', comment: `${EMAIL} さんの件、助かった` });
    await rateAnswer('ivan', 'acme-lite', '県の予算を要約して', { value: 'like' });
    await rateAnswer('alice', 'rival', `他社モデルへの質問 ${PHONE}`, { value: 'like', comment: '他社向けの感想' });

    await votedBattle('alice', ['rival', 'echo'], 'b', `比較: ${PROMPT_WITH_PII}`);
    await votedBattle('bob', ['echo', 'acme-lite'], 'tie', '横須賀の比較');
    await votedBattle('ivan', ['echo', 'rival'], 'a', '神奈川の比較');
  });
  afterAll(() => api?.close());

  it('refuses callers without the vendor role', async () => {
    for (const name of ['alice', 'dave'] as const) {
      expect((await client(name).request('GET', '/api/vendor/models')).status).toBe(403);
      expect((await client(name).request('GET', `/api/vendor/feedback/export?${PERIOD()}`)).status).toBe(403);
    }
  });

  it('refuses a vendor whose organisation represents no vendor, saying what to ask for', async () => {
    const response = await client('victor').request('GET', `/api/vendor/feedback/export?${PERIOD()}`);
    expect(response.status).toBe(403);
    const body = (await response.json()) as ApiErrorView;
    expect(body.code).toBe('vendor_not_linked');
    expect(body.message).toContain('基盤管理者');
  });

  it('lets only a platform administrator link an organisation to its vendor, and audits it', async () => {
    const organizationId = await organizationOf('victor');
    const byOrgAdmin = await client('carol').request('PATCH', `/api/admin/organizations/${await organizationOf('carol')}`, { vendor: 'Acme AI' });
    expect(byOrgAdmin.status).toBe(403);
    const linked = await linkVendor('Acme AI');
    expect(linked.status).toBe(200);
    expect(((await linked.json()) as OrganizationNodeView).vendor).toBe('Acme AI');
    const [entry] = (await api.db.query(
      `SELECT details FROM audit_entries WHERE action = 'admin.organization_updated' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [organizationId],
    )) as { details: string }[];
    // Stored as canonical JSON text (the hash chain covers it); the change and its previous value are JSON inside.
    const details = JSON.parse(entry.details) as { changes: string; before: string };
    expect(JSON.parse(details.changes)).toEqual({ vendor: 'Acme AI' });
    expect(JSON.parse(details.before)).toEqual({ vendor: null });
  });

  it("lists the vendor's models only, with the feedback an export would hold", async () => {
    const view = await client('victor').json<VendorModelsView>('GET', '/api/vendor/models');
    expect(view).toMatchObject({ vendor: 'Acme AI', exportAvailable: true });
    // ivan's like and his battle are absent: 神奈川県 shares nothing.
    expect(view.models).toEqual([
      { id: 'echo', label: 'Acme 7B', domestic: true, enabled: true, likes: 1, dislikes: 1, votes: 2 },
      { id: 'acme-lite', label: 'Acme Lite', domestic: true, enabled: true, likes: 0, dislikes: 0, votes: 1 },
    ]);
  });

  it("exports only the vendor's models' feedback, as a JSONL download", async () => {
    const { response, header, ratings, battles } = await exportAs('victor');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="gennai-vendor-feedback-${FROM}-${TO}.jsonl"`);
    expect(header).toMatchObject({ type: 'export', schema: 'gennai.vendor-feedback/1', vendor: 'Acme AI', modelIds: ['echo', 'acme-lite'] });
    expect(ratings.map((line) => [line.modelId, line.value])).toEqual([
      ['echo', 'dislike'],
      ['echo', 'like'],
    ]);
    // alice's battle (rival vs echo, echo won), bob's (echo vs acme-lite, a tie) once from each side.
    expect(battles.map((line) => [line.modelId, line.result, line.opponent])).toEqual([
      ['echo', 'win', { own: false, domestic: false }],
      ['echo', 'tie', { own: true, modelId: 'acme-lite' }],
      ['acme-lite', 'tie', { own: true, modelId: 'echo' }],
    ]);
  });

  it('answers 404 for a model that is not theirs, as for one that does not exist', async () => {
    for (const modelId of ['rival', 'no-such-model']) {
      const { response } = await exportAs('victor', `${PERIOD()}&modelId=${modelId}`);
      expect(response.status).toBe(404);
    }
    const { ratings, battles } = await exportAs('victor', `${PERIOD()}&modelId=acme-lite`);
    expect(ratings).toEqual([]);
    expect(battles.map((line) => line.modelId)).toEqual(['acme-lite']);
  });

  it('includes prompts and answers only from organisations that share text, with personal data masked', async () => {
    const { text, ratings, battles } = await exportAs('victor');
    const [fromAlice, fromBob] = ratings;
    expect(fromAlice.prompt).toBe(MASKED_PROMPT);
    expect(fromAlice.answer).toContain(MASKED_PROMPT);
    expect(fromAlice.comment).toBe('折り返しは ［電話番号］ へ');
    // 横須賀市 shares ratings only: the comment (masked), no prompt or answer.
    expect(fromBob).toMatchObject({ prompt: null, answer: null, comment: '［メールアドレス］ さんの件、助かった' });
    // The battle: the prompt and echo's own answer, masked; never the other vendor's answer.
    expect(battles[0]).toMatchObject({ prompt: `比較: ${MASKED_PROMPT}`, answer: `echoの回答: 比較: ${MASKED_PROMPT}` });
    expect(text).not.toContain('rivalの回答');
    expect(battles[1]).toMatchObject({ prompt: null, answer: null });
    for (const value of RAW_VALUES) expect(text).not.toContain(value);
  });

  it('leaves out organisations that share nothing', async () => {
    const { text } = await exportAs('victor');
    expect(text).not.toContain('神奈川');
    expect(text).not.toContain('県の予算');
    await setSharing('dave', await organizationOf('ivan'), 'ratings_only');
    const { ratings, battles } = await exportAs('victor');
    expect(ratings.map((line) => line.modelId)).toContain('acme-lite');
    expect(battles).toHaveLength(4);
    await setSharing('dave', await organizationOf('ivan'), 'none');
  });

  it('gives nothing else of the user: pseudonyms instead of ids, the organisation as its level only', async () => {
    const { text, ratings, battles } = await exportAs('victor');
    for (const line of ratings) expect(Object.keys(line).sort()).toEqual(RATING_KEYS);
    for (const line of battles) expect(Object.keys(line).sort()).toEqual(BATTLE_KEYS);
    for (const name of ['alice', 'bob'] as const) {
      const user = TEST_USERS[name];
      for (const value of [await userIdOf(name), await organizationOf(name), user.username, user.email, user.firstName, user.lastName, user.organizationName, user.organization]) {
        expect(text).not.toContain(value);
      }
    }
    const ids = (await api.db.query('SELECT id FROM answer_ratings UNION ALL SELECT id FROM battles')) as { id: string }[];
    for (const { id } of ids) expect(text).not.toContain(id);
    expect(ratings.every((line) => line.organizationLevel === 0 && /^\d{4}-\d{2}-\d{2}$/.test(line.day))).toBe(true);
  });

  it('keeps pseudonyms stable for one vendor and different for another', async () => {
    const first = await exportAs('victor');
    const second = await exportAs('victor');
    const aliceAsAcme = first.ratings[0].user;
    expect(second.ratings[0].user).toBe(aliceAsAcme);
    expect(second.ratings.map((line) => line.id)).toEqual(first.ratings.map((line) => line.id));
    // alice's battle and rating read as the same person to this vendor; bob is someone else.
    expect(first.battles[0].user).toBe(aliceAsAcme);
    expect(first.ratings[1].user).not.toBe(aliceAsAcme);

    // The same staff, now representing another vendor, see alice under another name.
    expect((await linkVendor('Rival Labs')).status).toBe(200);
    const rival = await exportAs('victor');
    expect(rival.ratings.map((line) => [line.modelId, line.comment])).toEqual([['rival', '他社向けの感想']]);
    expect(rival.battles.map((line) => [line.modelId, line.result])).toEqual([['rival', 'loss']]);
    expect(rival.ratings[0].user).not.toBe(aliceAsAcme);
    expect(rival.battles[0].user).toBe(rival.ratings[0].user);
    expect(rival.battles[0].id).not.toBe(first.battles[0].id);
    expect((await linkVendor('Acme AI')).status).toBe(200);
  });

  it('records each export in the audit log: vendor, models, period and counts, no content', async () => {
    const before = (await api.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'vendor.feedback_exported'`)) as { n: number }[];
    await exportAs('victor');
    const entries = (await api.db.query(
      `SELECT organization_id, actor_user_id, details, message_text FROM audit_entries WHERE action = 'vendor.feedback_exported' ORDER BY id`,
    )) as { organization_id: string; actor_user_id: string; details: string; message_text: string | null }[];
    expect(entries).toHaveLength(before[0].n + 1);
    const entry = entries.at(-1)!;
    expect(entry.organization_id).toBe(await organizationOf('victor'));
    expect(entry.actor_user_id).toBe(await userIdOf('victor'));
    expect(JSON.parse(entry.details)).toEqual({
      vendor: 'Acme AI',
      modelIds: ['echo', 'acme-lite'],
      from: FROM,
      to: TO,
      format: 'jsonl',
      ratings: 2,
      ratings_with_text: 1,
      votes: 2,
      votes_with_text: 1,
    });
    expect(entry.message_text).toBeNull();
  });

  it('refuses a period that is backwards or longer than a year', async () => {
    expect((await exportAs('victor', 'from=2026-02-01&to=2026-01-01')).response.status).toBe(400);
    expect((await exportAs('victor', 'from=2024-01-01&to=2025-12-31')).response.status).toBe(400);
  });
});
