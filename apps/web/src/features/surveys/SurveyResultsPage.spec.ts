import type { ModelView, SurveyQuestionResultView, SurveyResultsView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import { OPEN, ORGANIZATIONS, text } from './survey-fixtures';
import SurveyResultsPage from './SurveyResultsPage.vue';

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const evaluator = signedInAs(['user', 'evaluator']);
const PATH = `/evaluation/surveys/${OPEN.id}/results`;
const RESULTS = `GET /api/evaluation/surveys/${OPEN.id}/results`;

const likert: SurveyQuestionResultView = {
  questionId: 'q1',
  kind: 'likert5',
  text: text('業務に役立っていますか', 'Does it help?'),
  options: [],
  overall: {
    answered: 12,
    options: [
      { optionId: '1', count: 0, percent: 0 },
      { optionId: '2', count: 1, percent: 8.3 },
      { optionId: '3', count: 2, percent: 16.7 },
      { optionId: '4', count: 6, percent: 50 },
      { optionId: '5', count: 3, percent: 25 },
    ],
    mean: 3.92,
    median: 4,
  },
  byOrganization: [
    { group: { kind: 'organization', id: ORGANIZATIONS[1].id, name: '横須賀市' }, responses: 7, answered: 7, options: [], mean: 4.1, median: 4 },
    { group: { kind: 'other' }, responses: 5, answered: 5, options: [], mean: 3.6, median: 3.5 },
  ],
  byModel: [
    { group: { kind: 'model', id: 'plamo-2' }, responses: 6, answered: 6, options: [], mean: 4, median: 4 },
    { group: { kind: 'no_model' }, responses: 6, answered: 6, options: [], mean: 3.83, median: 4 },
  ],
  texts: null,
};
const multiple: SurveyQuestionResultView = {
  questionId: 'q2',
  kind: 'multiple',
  text: text('望む機能', 'Wishes'),
  options: [{ id: 'files', text: text('ファイル添付', 'Files') }, { id: 'search', text: text('庁内検索', 'Search') }],
  overall: { answered: 10, options: [{ optionId: 'files', count: 8, percent: 80 }, { optionId: 'search', count: 5, percent: 50 }], mean: null, median: null },
  byOrganization: [],
  byModel: [],
  texts: null,
};
const comments: SurveyQuestionResultView = {
  questionId: 'q3',
  kind: 'text',
  text: text('ご意見', 'Comments'),
  options: [],
  overall: { answered: 2, options: [], mean: null, median: null },
  byOrganization: [],
  byModel: [],
  texts: ['要約が速い', '英訳をもっと自然に'],
};
// Breakdown rows carry their options like the overall distribution does.
for (const row of [...likert.byOrganization, ...likert.byModel]) row.options = likert.overall!.options.map((option) => ({ ...option }));

const results = (overrides: Partial<SurveyResultsView> = {}): SurveyResultsView => ({
  surveyId: OPEN.id,
  title: OPEN.title,
  status: 'published',
  organizationId: null,
  responseCount: 12,
  targetSize: 340,
  minGroupSize: 5,
  suppressed: false,
  questions: [likert, multiple, comments],
  ...overrides,
});

const MODELS = [{ id: 'plamo-2', label: 'PLaMo 2' }] as ModelView[];

describe('SurveyResultsPage', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows each question’s distribution as bars with counts and shares, the Likert mean and median, breakdowns and free text', async () => {
    fakeApi({
      'GET /api/evaluation/organizations': () => Response.json(ORGANIZATIONS),
      'GET /api/models': () => Response.json(MODELS),
      [RESULTS]: () => Response.json(results()),
    });
    const { wrapper } = await mountWithApp(SurveyResultsPage, { me: evaluator, path: PATH, props: { id: OPEN.id } });

    expect(wrapper.find('h1').text()).toBe('アンケート結果：生成AIの利用満足度調査');
    expect(byTestId(wrapper, 'survey-results-summary').text()).toBe('回答数 12件（対象者 340人）。 状態: 公開中');
    expect(byTestId(wrapper, 'survey-results-anonymity').text()).toContain('5人未満');

    expect(byTestId(wrapper, 'survey-result-q1-heading').text()).toContain('質問1. 業務に役立っていますか');
    expect(byTestId(wrapper, 'survey-result-q1-likert').text()).toBe('平均 3.92・中央値 4');
    const four = byTestId(wrapper, 'survey-result-q1-overall-4');
    expect(four.findAll('td').map((cell) => cell.text())).toEqual(['', '6', '50.0%']);
    expect(four.find('td').attributes('aria-hidden')).toBe('true');
    expect(four.find('.survey-bar__fill').attributes('style')).toContain('width: 50%');
    expect(byTestId(wrapper, 'survey-result-q1-overall-5').find('th').text()).toBe('5（とてもそう思う）');
    expect(byTestId(wrapper, 'survey-result-q1-overall').find('caption').text()).toBe('質問1. 全体の分布（グラフと同じ数値）');

    const organizations = byTestId(wrapper, 'survey-result-q1-organizations').findAll('tbody tr');
    expect(organizations[0].find('th').text()).toBe('横須賀市');
    expect(organizations[0].findAll('td').at(4)?.text()).toBe('6（50.0%）');
    expect(organizations[1].find('th').text()).toBe('その他（5人未満の集団をまとめたもの）');
    expect(organizations[1].findAll('td').at(-1)?.text()).toBe('3.5');
    const models = byTestId(wrapper, 'survey-result-q1-models').findAll('tbody th').map((cell) => cell.text());
    expect(models).toEqual(['PLaMo 2', 'モデルの利用なし']);

    expect(byTestId(wrapper, 'survey-result-q2').text()).toContain('割合の合計は100%を超える');
    expect(byTestId(wrapper, 'survey-result-q2-overall-files').text()).toContain('ファイル添付');
    expect(byTestId(wrapper, 'survey-result-q3-texts').findAll('li').map((item) => item.text())).toEqual(['要約が速い', '英訳をもっと自然に']);
  });

  it('shows only the count when too few have answered', async () => {
    fakeApi({ [RESULTS]: () => Response.json(results({ responseCount: 3, suppressed: true, questions: [{ ...likert, overall: null, byOrganization: [], byModel: [] }] })) });
    const { wrapper } = await mountWithApp(SurveyResultsPage, { me: evaluator, path: PATH, props: { id: OPEN.id } });
    expect(byTestId(wrapper, 'survey-results-summary').text()).toContain('回答数 3件');
    expect(byTestId(wrapper, 'survey-results-suppressed').text()).toBe('回答が5件未満のため、結果は表示しません（回答者が特定されないようにするため）。');
    expect(byTestId(wrapper, 'survey-result-q1').exists()).toBe(false);
  });

  it('narrows the results to an organisation and moves focus to the new numbers', async () => {
    const api = fakeApi({
      'GET /api/evaluation/organizations': () => Response.json(ORGANIZATIONS),
      [RESULTS]: (call) => Response.json(results({ organizationId: new URL(call.path, 'http://x').searchParams.get('organizationId'), responseCount: 7 })),
    });
    const { wrapper } = await mountWithApp(SurveyResultsPage, { me: evaluator, path: PATH, props: { id: OPEN.id } });
    const select = byTestId(wrapper, 'survey-results-organization');
    // Indented by depth (a full-width space per level), which text() would trim away.
    expect(select.findAll('option').map((option) => option.element.textContent)).toEqual(['すべての組織', 'デジタル庁', '神奈川県', '　横須賀市']);
    await select.setValue(ORGANIZATIONS[1].id);
    await byTestId(wrapper, 'survey-results-filter').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe(`/api/evaluation/surveys/${OPEN.id}/results?organizationId=${ORGANIZATIONS[1].id}`);
    expect(document.activeElement).toBe(byTestId(wrapper, 'survey-results-summary-heading').element);
  });

  it('says so when the API refuses (an organisation outside the caller’s scope)', async () => {
    fakeApi({ [RESULTS]: () => Response.json({ statusCode: 404, code: 'not_found', message: 'アンケートが見つかりません。' }, { status: 404 }) });
    const { wrapper } = await mountWithApp(SurveyResultsPage, { me: signedInAs(['user', 'org_admin']), path: PATH, props: { id: OPEN.id } });
    expect(byTestId(wrapper, 'survey-results-error').text()).toBe('アンケートが見つかりません。');
  });
});
