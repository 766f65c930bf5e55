import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uuidv7 } from '../src/database/uuid-v7';
import { TASK_CATEGORY_JUDGE_LOCK_ID } from '../src/task-category/task-category-judge.job';
import { TaskCategoryJudgeScheduler } from '../src/task-category/task-category-judge.scheduler';
import type { ApiErrorView, ConversationDetailView, TaskCategoryCountsView, TaskCategoryItemView, TaskCategoryPageView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

/** Task categories (issue #5, item 4): set on send by the offline classifier, corrected by administrators. */
describe('task categories', () => {
  let api: TestApi;
  let alice: ApiClient;
  let bob: ApiClient;
  let carol: ApiClient;
  let grace: ApiClient;
  let peggy: ApiClient;
  beforeAll(async () => {
    api = await startTestApi();
    [alice, bob, carol, grace, peggy] = (['alice', 'bob', 'carol', 'grace', 'peggy'] as const).map((user) => new ApiClient(api.url, user));
  });
  afterAll(() => api?.close());

  async function say(client: ApiClient, conversationId: string, content: string) {
    const events = await readEvents(await client.request('POST', `/api/conversations/${conversationId}/messages`, { content }));
    expect(events[events.length - 1].event).toBe('done');
  }
  const categoryOf = async (conversationId: string) =>
    ((await api.db.query('SELECT task_category, task_category_source FROM conversations WHERE id = $1', [conversationId])) as { task_category: string; task_category_source: string }[])[0];

  it('classifies a conversation when a message is stored, and follows a stronger request', async () => {
    const conversation = await alice.createConversation('echo');
    expect(await categoryOf(conversation.id)).toEqual({ task_category: null, task_category_source: null });
    await say(alice, conversation.id, 'こんにちは');
    expect(await categoryOf(conversation.id)).toEqual({ task_category: 'other', task_category_source: 'rules' });
    await say(alice, conversation.id, '次の文章を英語に翻訳してください：本日は晴天なり');
    expect(await categoryOf(conversation.id)).toEqual({ task_category: 'translation', task_category_source: 'rules' });
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.taskCategory).toBe('translation');
  });

  it('keeps an administrator’s category when later messages are classified, audits the change and updates the ratings', async () => {
    const conversation = await alice.createConversation('echo');
    await say(alice, conversation.id, '会議の議事録を3行で要約してください');
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    await alice.json('PUT', `/api/messages/${detail.messages[1].id}/rating`, { value: 'like' });

    const changed = await carol.json<TaskCategoryItemView>('PUT', `/api/evaluation/task-categories/conversation/${conversation.id}`, { category: 'document_drafting' });
    expect(changed).toMatchObject({ kind: 'conversation', id: conversation.id, category: 'document_drafting', source: 'admin', modelIds: ['echo'] });
    await say(alice, conversation.id, '次の文章を英語に翻訳してください：本日は晴天なり');
    expect(await categoryOf(conversation.id)).toEqual({ task_category: 'document_drafting', task_category_source: 'admin' });
    expect(await api.db.query('SELECT task_category FROM answer_ratings WHERE message_id = $1', [detail.messages[1].id])).toEqual([{ task_category: 'document_drafting' }]);

    const audit = (await api.db.query(`SELECT target_type, target_id, details, actor_user_id IS NOT NULL AS by_someone FROM audit_entries WHERE action = 'task_category.changed'`)) as {
      target_type: string;
      target_id: string;
      details: unknown;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_type: 'conversation', target_id: conversation.id });
    expect(JSON.parse(String(audit[0].details))).toEqual({ category: 'document_drafting', previousCategory: 'summarization', previousSource: 'rules' });
  });

  it('lists items in the caller’s scope with filters and paging, and never the text', async () => {
    const mine = await bob.createConversation('echo');
    await say(bob, mine.id, '予算要求の企画書の構成を考えて');
    const own = await grace.json<TaskCategoryPageView>('GET', '/api/evaluation/task-categories?limit=100');
    expect(own.items.map((item) => item.id)).toEqual([mine.id]);
    expect(own.items[0]).toMatchObject({ kind: 'conversation', category: 'planning', source: 'rules', organization: { name: '横須賀市' } });
    expect(JSON.stringify(own)).not.toContain('企画書');

    // The evaluator reads every organisation, a page at a time.
    const first = await peggy.json<TaskCategoryPageView>('GET', '/api/evaluation/task-categories?limit=2');
    expect(first.items).toHaveLength(2);
    const rest = await peggy.json<TaskCategoryPageView>('GET', `/api/evaluation/task-categories?limit=100&before=${encodeURIComponent(first.nextBefore!)}`);
    const all = [...first.items, ...rest.items].map((item) => item.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(mine.id);
    const planning = await peggy.json<TaskCategoryPageView>('GET', '/api/evaluation/task-categories?category=planning&source=rules');
    expect(planning.items.map((item) => item.id)).toEqual([mine.id]);

    const counts = await peggy.json<TaskCategoryCountsView>('GET', '/api/evaluation/task-categories/counts');
    expect(counts.counts.find((row) => row.category === 'planning')).toEqual({ category: 'planning', conversations: 1, battles: 0 });
    expect(counts.counts.map((row) => row.category)).toContain('coding');
  });

  it('answers 404 outside an org_admin’s organisations, 403 to a user, and 400 for an unknown category, changing nothing', async () => {
    const conversation = await alice.createConversation('echo');
    await say(alice, conversation.id, 'Pythonでcsvを読むコードを書いて');
    const outside = await grace.request('PUT', `/api/evaluation/task-categories/conversation/${conversation.id}`, { category: 'other' });
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as ApiErrorView).code).toBe('not_found');
    expect((await bob.request('PUT', `/api/evaluation/task-categories/conversation/${conversation.id}`, { category: 'other' })).status).toBe(403);
    const unknown = await carol.request('PUT', `/api/evaluation/task-categories/conversation/${conversation.id}`, { category: 'poetry' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ApiErrorView).details?.[0].field).toBe('category');
    expect((await carol.request('PUT', `/api/evaluation/task-categories/meeting/${conversation.id}`, { category: 'other' })).status).toBe(404);
    expect(await categoryOf(conversation.id)).toEqual({ task_category: 'coding', task_category_source: 'rules' });
    // An evaluator corrects any organisation's.
    expect((await peggy.request('PUT', `/api/evaluation/task-categories/conversation/${conversation.id}`, { category: 'data_analysis' })).status).toBe(200);
  });
});

/**
 * The LLM judge, played by the OpenAI-compatible test server. It answers 「テスト応答: <the last user turn>」, and the judge's
 * user turn is the user's own words — so a conversation that says only `data_analysis` gets a valid answer (a label
 * and an id) and one that says anything else gets an answer that is not an id, which must be ignored.
 */
describe('task categories refined by an LLM judge', () => {
  let api: TestApi;
  let alice: ApiClient;
  let carol: ApiClient;
  beforeAll(async () => {
    const llm = inject('llmBaseUrl');
    api = await startTestApi({
      GENNAI_MODELS: JSON.stringify([
        { id: 'echo', label: 'Echo (test)', baseUrl: llm, model: 'test-model', maxInformationClass: 3 },
        { id: 'judge', label: 'Judge (test)', baseUrl: llm, model: 'test-model', maxInformationClass: 2 },
      ]),
      GENNAI_EVALUATION_JUDGE_MODEL: 'judge',
    });
    alice = new ApiClient(api.url, 'alice');
    carol = new ApiClient(api.url, 'carol');
  });
  afterAll(() => api?.close());

  async function conversationSaying(content: string): Promise<string> {
    const conversation = await alice.createConversation('echo');
    const events = await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages`, { content }));
    expect(events[events.length - 1].event).toBe('done');
    return conversation.id;
  }
  const categoryOf = async (table: string, id: string) =>
    ((await api.db.query(`SELECT task_category, task_category_source FROM ${table} WHERE id = $1`, [id])) as { task_category: string; task_category_source: string }[])[0];

  it('stores a valid answer as judge, ignores anything else, keeps admin categories and never sends above the judge’s class', async () => {
    const judged = await conversationSaying('data_analysis');
    const nonsense = await conversationSaying('あいうえお');
    const confident = await conversationSaying('会議の議事録を3行で要約してください');
    const corrected = await conversationSaying('planning');
    await carol.json('PUT', `/api/evaluation/task-categories/conversation/${corrected}`, { category: 'research' });
    const secret = await conversationSaying('coding');
    await api.db.query('UPDATE conversations SET information_class = 3 WHERE id = $1', [secret]);
    const [{ organization_id: organizationId, user_id: userId }] = (await api.db.query('SELECT organization_id, user_id FROM conversations WHERE id = $1', [judged])) as {
      organization_id: string;
      user_id: string;
    }[];
    const battle = uuidv7();
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, information_class, prompt, task_category, model_a, model_b, created_at)
       VALUES ($1, $2, $3, 2, 'coding', 'other', 'echo', 'judge', now())`,
      [battle, organizationId, userId],
    );

    const outcome = await api.app.get(TaskCategoryJudgeScheduler).runOnce();
    // Asked: the two low-confidence conversations of class ≤ 2 and the battle; not the confident one, the
    // administrator's, or the class-3 one.
    expect(outcome).toEqual({ ran: true, asked: 3, judged: 2, ignored: 1 });
    expect(await categoryOf('conversations', judged)).toEqual({ task_category: 'data_analysis', task_category_source: 'judge' });
    expect(await categoryOf('battles', battle)).toEqual({ task_category: 'coding', task_category_source: 'judge' });
    expect(await categoryOf('conversations', nonsense)).toEqual({ task_category: 'other', task_category_source: 'rules' });
    expect(await categoryOf('conversations', confident)).toEqual({ task_category: 'summarization', task_category_source: 'rules' });
    expect(await categoryOf('conversations', corrected)).toEqual({ task_category: 'research', task_category_source: 'admin' });
    expect(await categoryOf('conversations', secret)).toEqual({ task_category: 'other', task_category_source: 'rules' });

    // A judged conversation keeps the judge's category when the rules see it again.
    const events = await readEvents(await alice.request('POST', `/api/conversations/${judged}/messages`, { content: '次の文章を英語に翻訳してください：本日は晴天なり' }));
    expect(events[events.length - 1].event).toBe('done');
    expect(await categoryOf('conversations', judged)).toEqual({ task_category: 'data_analysis', task_category_source: 'judge' });
  });

  it('runs on one replica at a time', async () => {
    const holder = await api.db.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [TASK_CATEGORY_JUDGE_LOCK_ID]);
      expect(await api.app.get(TaskCategoryJudgeScheduler).runOnce()).toEqual({ ran: false, asked: 0, judged: 0, ignored: 0 });
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [TASK_CATEGORY_JUDGE_LOCK_ID]);
      await holder.release();
    }
  });
});
