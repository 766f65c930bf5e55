import type {
  ApiErrorView,
  AuditEntryPageView,
  CreateSurveyRequest,
  MeView,
  PendingSurveyAnswerView,
  SurveyAnswers,
  SurveyResultsView,
  SurveyView,
} from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/app-config';
import { createLogger } from '../src/logging/logger';
import { TREE_REFRESH_MS } from '../src/organizations/organization-scope';
import { UsageRecorder } from '../src/usage/usage-recorder.service';
import { ApiClient } from './factories/api-client';
import { usageRecord } from './factories/usage-record';
import { startTestApi, type TestApi } from './support/api-harness';
import type { TestUserName } from './support/test-users';

const text = (ja: string, en = ja) => ({ ja, en });
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** One question of each kind; the period has begun and runs for a week. */
const SATISFACTION: CreateSurveyRequest = {
  title: text('生成AIの利用満足度調査', 'Generative AI satisfaction survey'),
  description: text('5分ほどで終わります。', 'Takes about five minutes.'),
  questions: [
    { id: 'useful', kind: 'likert5', text: text('業務に役立っていますか', 'Does it help your work?') },
    { id: 'task', kind: 'single', text: text('主な用途', 'Main use'), options: [{ id: 'draft', text: text('文書作成', 'Drafting') }, { id: 'summary', text: text('要約', 'Summaries') }] },
    { id: 'wishes', kind: 'multiple', text: text('望む機能', 'Features wanted'), required: false, options: [{ id: 'files', text: text('ファイル添付', 'Files') }, { id: 'search', text: text('庁内検索', 'Search') }] },
    { id: 'comment', kind: 'text', text: text('ご意見', 'Comments'), required: false },
  ],
  opensAt: at(-HOUR),
  closesAt: at(7 * 24 * HOUR),
};
const ANSWER: SurveyAnswers = { useful: 4, task: 'summary', wishes: ['files'], comment: '要約が速い' };

const details = (body: ApiErrorView) => body.details?.map((d) => d.message);

describe('surveys', () => {
  let api: TestApi;
  const clients = new Map<string, ApiClient>();
  const as = (user: TestUserName, locale = 'ja') => {
    const key = `${user}:${locale}`;
    if (!clients.has(key)) clients.set(key, new ApiClient(api.url, user, locale));
    return clients.get(key)!;
  };
  let agency: MeView['organization'];
  let city: MeView['organization'];
  let prefecture: MeView['organization'];

  const create = (body: CreateSurveyRequest, author: TestUserName = 'peggy') => as(author).json<SurveyView>('POST', '/api/evaluation/surveys', body);
  const publish = (id: string) => as('peggy').json<SurveyView>('POST', `/api/evaluation/surveys/${id}/publish`);
  const published = async (body: CreateSurveyRequest) => publish((await create(body)).id);
  const pending = async (user: TestUserName) => (await as(user).json<PendingSurveyAnswerView>('GET', '/api/surveys/pending')).survey?.id ?? null;
  const answer = (user: TestUserName, id: string, answers: SurveyAnswers = ANSWER, locale = 'ja') => as(user, locale).request('POST', `/api/surveys/${id}/responses`, { answers });
  const error = async (response: Response) => ({ status: response.status, body: (await response.json()) as ApiErrorView });
  const stored = async (surveyId: string) => {
    const [row] = (await api.db.query(
      `SELECT (SELECT count(*)::int FROM survey_responses WHERE survey_id = $1) AS responses, (SELECT count(*)::int FROM survey_participation WHERE survey_id = $1) AS participation`,
      [surveyId],
    )) as { responses: number; participation: number }[];
    return row;
  };

  beforeAll(async () => {
    api = await startTestApi();
    agency = (await as('alice').json<MeView>('GET', '/api/me')).organization;
    city = (await as('bob').json<MeView>('GET', '/api/me')).organization;
    prefecture = (await as('ivan').json<MeView>('GET', '/api/me')).organization;
    // 神奈川県 under 横須賀市 (a made-up tree): a survey for the city reaches the prefecture's staff too.
    await as('dave').json('PATCH', `/api/admin/organizations/${prefecture.id}`, { parentId: city.id });
  });
  afterAll(() => api?.close());

  describe('authoring', () => {
    it('lets an evaluator write a draft, change it, and publish it — audited — after which its questions are frozen', async () => {
      const draft = await create({ ...SATISFACTION, questions: SATISFACTION.questions!.slice(0, 1) });
      expect(draft).toMatchObject({ status: 'draft', targetOrganizationIds: [], targetRoles: [], responseCount: 0, questions: [{ id: 'useful', required: true, options: [] }] });
      const changed = await as('peggy').json<SurveyView>('PUT', `/api/evaluation/surveys/${draft.id}`, SATISFACTION);
      expect(changed.questions.map((q) => q.kind)).toEqual(['likert5', 'single', 'multiple', 'text']);

      const live = await publish(draft.id);
      expect(live).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
      const frozen = await error(await as('peggy', 'en').request('PUT', `/api/evaluation/surveys/${draft.id}`, SATISFACTION));
      expect(frozen).toMatchObject({ status: 409, body: { code: 'survey_frozen', message: 'The survey "Generative AI satisfaction survey" is published and cannot be changed.' } });
      expect((await error(await as('peggy').request('POST', `/api/evaluation/surveys/${draft.id}/publish`))).body.message).toBe('アンケート「生成AIの利用満足度調査」は公開済みのため変更できません。');

      const closed = await as('dave').json<SurveyView>('POST', `/api/evaluation/surveys/${draft.id}/close`);
      expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
      const trail = await as('erin').json<AuditEntryPageView>('GET', `/api/audit/entries?targetType=survey&targetId=${draft.id}`);
      expect(trail.items.map((entry) => [entry.action, entry.actor?.displayName]).reverse()).toEqual([
        ['survey.published', 'Peggy Kimura'],
        ['survey.closed', 'Dave Kato'],
      ]);
    });

    it('refuses a survey that contradicts itself, naming each field, in the caller’s language', async () => {
      const bad: CreateSurveyRequest = {
        ...SATISFACTION,
        questions: [
          { id: 'q1', kind: 'single', text: text('一つ'), options: [{ id: 'a', text: text('A') }] },
          { id: 'q1', kind: 'likert5', text: text('満足度') },
        ],
        targetOrganizationIds: ['00000000-0000-4000-8000-000000000000'],
        opensAt: SATISFACTION.closesAt,
        closesAt: SATISFACTION.opensAt,
      };
      const ja = await error(await as('peggy').request('POST', '/api/evaluation/surveys', bad));
      expect(ja.status).toBe(400);
      expect(details(ja.body)).toEqual([
        'questions.0.options: 選択肢を2個以上にしてください',
        'questions.1.id: 重複しています（q1）',
        'closesAt: 開始日時より後にしてください',
        'targetOrganizationIds.0: 存在しないIDです（00000000-0000-4000-8000-000000000000）',
      ]);
      const en = await error(await as('peggy', 'en').request('POST', '/api/evaluation/surveys', { ...SATISFACTION, title: { ja: '', en: 'x' } }));
      expect(details(en.body)).toEqual(['title.ja: must not be empty']);
      const empty = await create({ ...SATISFACTION, questions: [] });
      expect(details((await error(await as('peggy', 'en').request('POST', `/api/evaluation/surveys/${empty.id}/publish`))).body)).toEqual(['questions: needs at least one question to be published']);
    });

    it('leaves writing to evaluators and platform administrators, and drafts to their authors', async () => {
      const draft = await create(SATISFACTION);
      for (const user of ['alice', 'carol'] as const) expect((await as(user).request('POST', '/api/evaluation/surveys', SATISFACTION)).status).toBe(403);
      expect((await as('alice').request('GET', '/api/evaluation/surveys')).status).toBe(403);
      expect((await as('carol').request('GET', `/api/evaluation/surveys/${draft.id}`)).status).toBe(404);
      expect((await as('carol').json<SurveyView[]>('GET', '/api/evaluation/surveys')).map((s) => s.id)).not.toContain(draft.id);
      expect((await as('dave').json<SurveyView[]>('GET', '/api/evaluation/surveys')).map((s) => s.id)).toContain(draft.id);
      expect((await as('alice').request('POST', `/api/surveys/${draft.id}/responses`, { answers: ANSWER })).status).toBe(409);
    });

    it('discards a draft — audited with its title — after which it is gone from the list and the API', async () => {
      const draft = await create({ ...SATISFACTION, title: text('試しに作った調査', 'A trial survey') });
      expect((await as('peggy').request('DELETE', `/api/evaluation/surveys/${draft.id}`)).status).toBe(204);

      expect((await as('peggy').json<SurveyView[]>('GET', '/api/evaluation/surveys')).map((s) => s.id)).not.toContain(draft.id);
      expect(await error(await as('peggy').request('GET', `/api/evaluation/surveys/${draft.id}`))).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect((await as('peggy').request('DELETE', `/api/evaluation/surveys/${draft.id}`)).status).toBe(404);
      const trail = await as('erin').json<AuditEntryPageView>('GET', `/api/audit/entries?targetType=survey&targetId=${draft.id}`);
      expect(trail.items.map((entry) => [entry.action, entry.actor?.displayName, entry.details.title])).toEqual([['survey.discarded', 'Peggy Kimura', '試しに作った調査']]);
    });

    it('refuses to discard a survey that was published or closed, saying why, and changes nothing', async () => {
      const live = await published({ ...SATISFACTION, title: text('公開中の調査', 'An open survey') });
      expect((await answer('alice', live.id)).status).toBe(200);

      const refused = await error(await as('peggy').request('DELETE', `/api/evaluation/surveys/${live.id}`));
      expect(refused).toMatchObject({
        status: 409,
        body: { code: 'survey_not_discardable', message: 'アンケート「公開中の調査」は公開済みのため削除できません。公開したアンケートは回答と結果を残すため、削除できるのは一度も公開していない下書きだけです。' },
      });
      await as('peggy').json('POST', `/api/evaluation/surveys/${live.id}/close`);
      expect((await error(await as('dave', 'en').request('DELETE', `/api/evaluation/surveys/${live.id}`))).body.message).toBe(
        'The survey "An open survey" is closed and cannot be deleted: a survey that was published keeps its answers and results, so only a draft that was never published can be deleted.',
      );

      expect(await as('peggy').json<SurveyView>('GET', `/api/evaluation/surveys/${live.id}`)).toMatchObject({ status: 'closed', responseCount: 1 });
      expect(await stored(live.id)).toEqual({ responses: 1, participation: 1 });
      const trail = await as('erin').json<AuditEntryPageView>('GET', `/api/audit/entries?targetType=survey&targetId=${live.id}`);
      expect(trail.items.map((entry) => entry.action)).not.toContain('survey.discarded');
    });

    it('leaves discarding to the authors — evaluators and platform administrators — whoever wrote the draft', async () => {
      const draft = await create(SATISFACTION);
      for (const user of ['alice', 'carol', 'grace'] as const) {
        expect((await error(await as(user).request('DELETE', `/api/evaluation/surveys/${draft.id}`))).status, user).toBe(403);
      }
      expect(await as('peggy').json<SurveyView>('GET', `/api/evaluation/surveys/${draft.id}`)).toMatchObject({ status: 'draft' });
      // Surveys belong to the platform, not to an organisation: any author may tidy up another author's draft.
      expect((await as('dave').request('DELETE', `/api/evaluation/surveys/${draft.id}`)).status).toBe(204);
    });
  });

  describe('answering', () => {
    it('asks the audience only — organisations with those under them, and roles — and refuses others with nothing stored', async () => {
      const forCity = await published({ ...SATISFACTION, title: text('横須賀市アンケート'), targetOrganizationIds: [city.id] });
      const forAdmins = await published({ ...SATISFACTION, title: text('管理者アンケート'), targetRoles: ['org_admin'] });

      await expect.poll(() => pending('ivan'), { timeout: TREE_REFRESH_MS * 2, interval: 250 }).toBe(forCity.id);
      expect(await pending('bob')).toBe(forCity.id);
      expect(await pending('alice')).not.toBe(forCity.id);
      expect(await pending('alice')).not.toBe(forAdmins.id);

      const refused = await error(await answer('alice', forCity.id));
      expect(refused).toMatchObject({ status: 403, body: { code: 'survey_not_for_you', message: 'このアンケートはあなたの組織・ロールを対象としていないため、回答できません。' } });
      expect((await error(await answer('alice', forAdmins.id, ANSWER, 'en'))).body.message).toBe('This survey is not addressed to your organisation or role, so you cannot answer it.');
      expect(await stored(forCity.id)).toEqual({ responses: 0, participation: 0 });
      expect(await stored(forAdmins.id)).toEqual({ responses: 0, participation: 0 });

      expect((await answer('ivan', forCity.id)).status).toBe(200);
      expect((await answer('carol', forAdmins.id)).status).toBe(200);
      expect(await stored(forCity.id)).toEqual({ responses: 1, participation: 1 });
      await as('peggy').json('POST', `/api/evaluation/surveys/${forCity.id}/close`);
      await as('peggy').json('POST', `/api/evaluation/surveys/${forAdmins.id}/close`);
    });

    it('takes answers only within the period of a published survey', async () => {
      const later = await published({ ...SATISFACTION, opensAt: at(24 * HOUR), closesAt: at(48 * HOUR) });
      const ended = await published(SATISFACTION);
      await api.db.query(`UPDATE surveys SET opens_at = now() - interval '2 days', closes_at = now() - interval '1 day' WHERE id = $1`, [ended.id]);
      const closedEarly = await published(SATISFACTION);
      await as('peggy').json('POST', `/api/evaluation/surveys/${closedEarly.id}/close`);
      const draft = await create(SATISFACTION);

      expect(await pending('judy')).toBeNull();
      expect(await error(await answer('judy', later.id))).toMatchObject({ status: 409, body: { code: 'survey_not_open', message: 'このアンケートはまだ回答を受け付けていません。' } });
      expect(await error(await answer('judy', draft.id))).toMatchObject({ status: 409, body: { code: 'survey_not_open' } });
      for (const survey of [ended, closedEarly]) {
        expect(await error(await answer('judy', survey.id, ANSWER, 'en'))).toMatchObject({ status: 409, body: { code: 'survey_closed', message: 'This survey is closed: the answering period has ended.' } });
        expect(await stored(survey.id)).toEqual({ responses: 0, participation: 0 });
      }
      for (const survey of [later, ended, closedEarly]) await as('peggy').request('POST', `/api/evaluation/surveys/${survey.id}/close`);
      await as('peggy').request('POST', `/api/evaluation/surveys/${draft.id}/close`);
    });

    it('refuses answers that do not fit the questions, naming each, with nothing stored', async () => {
      const survey = await published(SATISFACTION);
      const bad = { useful: 6, task: 'nope', wishes: ['files', 'files'], comment: 'あ'.repeat(2001), extra: 1 };
      const ja = await error(await answer('judy', survey.id, bad));
      expect(ja).toMatchObject({ status: 400, body: { code: 'validation_failed', message: '入力内容に誤りがあります。' } });
      expect(details(ja.body)).toEqual([
        'answers.extra: このアンケートにない質問です',
        'answers.useful: 1〜5の整数にしてください',
        'answers.task: この質問にない選択肢です（nope）',
        'answers.wishes: 重複しています（files）',
        'answers.comment: 2000文字以内にしてください',
      ]);
      const en = await error(await answer('judy', survey.id, { comment: 'only this' }, 'en'));
      expect(details(en.body)).toEqual(['answers.useful: is required', 'answers.task: is required']);
      expect(await stored(survey.id)).toEqual({ responses: 0, participation: 0 });
      expect(await pending('judy')).toBe(survey.id);
      await as('peggy').json('POST', `/api/evaluation/surveys/${survey.id}/close`);
    });

    it('takes one answer per person, stops asking once answered or declined, and asks first about the survey closing soonest', async () => {
      const weekLong = await published(SATISFACTION);
      const dayLong = await published({ ...SATISFACTION, closesAt: at(24 * HOUR) });
      expect(await pending('judy')).toBe(dayLong.id);

      expect((await answer('judy', dayLong.id)).status).toBe(200);
      const again = await error(await answer('judy', dayLong.id, ANSWER, 'en'));
      expect(again).toMatchObject({ status: 409, body: { code: 'survey_already_answered', message: 'You have already answered this survey (one answer per person).' } });
      expect((await error(await as('judy').request('POST', `/api/surveys/${dayLong.id}/dismiss`))).status).toBe(409);
      expect(await stored(dayLong.id)).toEqual({ responses: 1, participation: 1 });
      expect(await pending('judy')).toBe(weekLong.id);

      expect((await as('judy').request('POST', `/api/surveys/${weekLong.id}/dismiss`)).status).toBe(200);
      expect((await as('judy').request('POST', `/api/surveys/${weekLong.id}/dismiss`)).status).toBe(200);
      expect(await pending('judy')).toBeNull();
      expect(await stored(weekLong.id)).toEqual({ responses: 0, participation: 1 });
      for (const survey of [weekLong, dayLong]) await as('peggy').json('POST', `/api/evaluation/surveys/${survey.id}/close`);
    });

    it('stores the response without the respondent: no user id, a random id, the day only, nothing linking it to the participation', async () => {
      const survey = await published(SATISFACTION);
      expect((await answer('heidi', survey.id)).status).toBe(200);

      const columns = (await api.db.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN ('survey_responses', 'survey_participation') ORDER BY table_name, ordinal_position`,
      )) as { table_name: string; column_name: string; data_type: string }[];
      const of = (table: string) => columns.filter((c) => c.table_name === table).map((c) => `${c.column_name}:${c.data_type}`);
      expect(of('survey_responses')).toEqual(['id:uuid', 'survey_id:uuid', 'organization_id:uuid', 'model_ids:ARRAY', 'answers:jsonb', 'responded_on:date']);
      expect(of('survey_participation')).toEqual(['survey_id:uuid', 'user_id:uuid', 'state:character varying', 'recorded_on:date']);

      const [row] = (await api.db.query(`SELECT id, organization_id, answers, to_char(responded_on, 'YYYY-MM-DD') AS day FROM survey_responses WHERE survey_id = $1`, [survey.id])) as {
        id: string;
        organization_id: string;
        answers: SurveyAnswers;
        day: string;
      }[];
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row).toMatchObject({ organization_id: city.id, answers: ANSWER, day: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()) });
      await as('peggy').json('POST', `/api/evaluation/surveys/${survey.id}/close`);
    });
  });

  describe('results', () => {
    let survey: SurveyView;
    const RESPONDENTS = {
      agency: ['alice', 'carol', 'dave', 'erin', 'frank', 'peggy'],
      city: ['bob', 'grace', 'heidi'],
      prefecture: ['ivan', 'judy'],
    } as const;

    beforeAll(async () => {
      survey = await published(SATISFACTION);
      // The agency's staff used the echo model during the survey period; nobody else used any.
      const recorder = new UsageRecorder(api.db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused', KEYCLOAK_URL: inject('keycloakUrl') }), createLogger('silent'));
      for (const user of RESPONDENTS.agency) {
        const me = await as(user).json<MeView>('GET', '/api/me');
        recorder.record(usageRecord({ organizationId: agency.id, userId: me.id, modelId: 'echo' }));
        recorder.record(usageRecord({ organizationId: agency.id, userId: me.id, modelId: user === 'alice' ? 'busy' : 'echo' }));
      }
      await recorder.flush();
      const points = [5, 4, 4, 3, 5, 2, 1, 2, 3, 4, 5];
      const users = [...RESPONDENTS.agency, ...RESPONDENTS.city, ...RESPONDENTS.prefecture];
      for (const [index, user] of users.entries()) {
        const response = await answer(user, survey.id, { useful: points[index], task: index % 3 ? 'summary' : 'draft', comment: `意見${index}` });
        expect(response.status, `${user}: ${await response.text()}`).toBe(200);
      }
    });

    it('shows an evaluator every organisation, with groups under five merged into 「その他」 and the free text unattributed', async () => {
      const results = await as('peggy').json<SurveyResultsView>('GET', `/api/evaluation/surveys/${survey.id}/results`);
      expect(results).toMatchObject({ responseCount: 11, suppressed: false, minGroupSize: 5, organizationId: null });
      expect(results.targetSize).toBeGreaterThanOrEqual(11);
      const [useful, task, , comment] = results.questions;
      expect(useful.overall).toMatchObject({ answered: 11, mean: 3.45, median: 4 });
      expect(useful.overall?.options.map((o) => o.count)).toEqual([1, 2, 2, 3, 3]);
      expect(task.overall?.options).toEqual([
        { optionId: 'draft', count: 4, percent: 36.4 },
        { optionId: 'summary', count: 7, percent: 63.6 },
      ]);
      // 横須賀市 (3) and 神奈川県 (2) are each too small to show: together they are 「その他」.
      expect(useful.byOrganization.map((g) => [g.group, g.responses])).toEqual([
        [{ kind: 'organization', id: agency.id, name: 'デジタル庁' }, 6],
        [{ kind: 'other' }, 5],
      ]);
      // By the model each respondent used most: alice's one use of busy is alone, so it joins those who used none.
      expect(useful.byModel.map((g) => [g.group, g.responses])).toEqual([
        [{ kind: 'model', id: 'echo' }, 5],
        [{ kind: 'other' }, 6],
      ]);
      expect(comment.texts).toHaveLength(11);
      expect(JSON.stringify(results)).not.toMatch(/alice|Alice|Sato/);
    });

    it('narrows an organisation administrator to their subtree, hides a group under five, and answers 404 outside it', async () => {
      const grace = await as('grace').json<SurveyResultsView>('GET', `/api/evaluation/surveys/${survey.id}/results`);
      expect(grace.responseCount).toBe(5);
      expect(grace.questions[0].byOrganization.map((g) => g.group)).toEqual([{ kind: 'other' }]);

      const prefectureOnly = await as('grace').json<SurveyResultsView>('GET', `/api/evaluation/surveys/${survey.id}/results?organizationId=${prefecture.id}`);
      expect(prefectureOnly).toMatchObject({ responseCount: 2, suppressed: true, organizationId: prefecture.id });
      expect(prefectureOnly.questions[3]).toMatchObject({ overall: null, byOrganization: [], byModel: [], texts: null });

      const carol = await as('carol').json<SurveyResultsView>('GET', `/api/evaluation/surveys/${survey.id}/results`);
      expect(carol.responseCount).toBe(6);
      expect(carol.questions[0].byOrganization.map((g) => g.responses)).toEqual([6]);

      expect((await as('grace').request('GET', `/api/evaluation/surveys/${survey.id}/results?organizationId=${agency.id}`)).status).toBe(404);
      expect((await as('carol').request('GET', `/api/evaluation/surveys/${survey.id}/results?organizationId=${city.id}`)).status).toBe(404);
      expect((await as('alice').request('GET', `/api/evaluation/surveys/${survey.id}/results`)).status).toBe(403);
    });
  });
});
