import type { EvaluationOrganizationView, LeaderboardEntryView, LeaderboardView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import LeaderboardPage from './LeaderboardPage.vue';

const entry = (modelId: string, label: string, overrides: Partial<LeaderboardEntryView> = {}): LeaderboardEntryView => ({
  rank: 1,
  modelId,
  label,
  rating: 1000,
  lower: 980,
  upper: 1020,
  votes: 600,
  wins: 300,
  losses: 250,
  ties: 50,
  bothBad: 10,
  component: 0,
  ...overrides,
});

const board = (overrides: Partial<LeaderboardView> = {}): LeaderboardView => ({
  filter: { from: null, to: null, organizationId: null, category: null, app: null, styleControl: false },
  entries: [
    entry('plamo', 'PLaMo', { rank: 1, rating: 1087.4, lower: 1061.2, upper: 1110.9, votes: 1200, wins: 700, losses: 400, ties: 100 }),
    entry('tsuzumi', 'tsuzumi', { rank: 1, rating: 1070.2, lower: 1045.5, upper: 1093.1 }),
    entry('sarashina', 'Sarashina', { rank: 3, rating: 842.4, lower: 790, upper: 900, votes: 12, wins: 2, losses: 9, ties: 1, bothBad: 1 }),
  ],
  winRates: {
    modelIds: ['plamo', 'tsuzumi', 'sarashina'],
    cells: [
      [null, { rate: 0.55, votes: 600 }, { rate: 0.9, votes: 6 }],
      [{ rate: 0.45, votes: 600 }, null, null],
      [{ rate: 0.1, votes: 6 }, null, null],
    ],
  },
  totals: { votes: 1206, countedVotes: 1206, bothBadVotes: 11, models: 3, components: 1 },
  style: null,
  settings: { rounds: 1000, seed: 123456, level: 0.95, ridge: 0.01, bothBad: 'tie', bucketWidth: null },
  minimumVotesPerModel: 50,
  computedAt: '2026-11-28T00:30:00.000Z',
  ...overrides,
});

const ORGANIZATIONS: EvaluationOrganizationView[] = [
  { id: '0193a000-0000-7000-8000-00000000000b', slug: 'digital-agency', name: 'デジタル庁', parentId: null },
  { id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市', parentId: null },
];

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const leaderboardCalls = (api: ReturnType<typeof fakeApi>) => api.calls.filter((call) => call.path.startsWith('/api/evaluation/leaderboard')).map((call) => call.path);

describe('LeaderboardPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 28, 9, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('shows every user the platform-wide ranking: rank, model, rating, interval as a bar with its numbers, votes', async () => {
    const api = fakeApi({ 'GET /api/evaluation/leaderboard': () => Response.json(board()) });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    await flushPromises();

    expect(leaderboardCalls(api)).toEqual(['/api/evaluation/leaderboard']);
    // A plain user gets no organisation filter and never asks for the list.
    expect(api.calls.some((call) => call.path.startsWith('/api/evaluation/organizations'))).toBe(false);
    expect(byTestId(wrapper, 'leaderboard-organization').exists()).toBe(false);

    const table = byTestId(wrapper, 'leaderboard-table');
    expect(table.find('caption').text()).toBe('モデルの順位（全期間、投票1,206票）');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['順位', 'モデル', '評価値', '95%信頼区間', '票数', '勝ち／負け／引き分け', 'うち「どちらも悪い」']);
    expect(byTestId(wrapper, 'leaderboard-row-plamo').findAll('th, td').map((cell) => cell.text())).toEqual([
      '1',
      'PLaMo',
      '1,087',
      '1,061〜1,111',
      '1,200',
      '700／400／100',
      '10',
    ]);
    // The model is the row's header; the bar is decoration beside the numbers.
    expect(byTestId(wrapper, 'leaderboard-row-plamo').find('th').attributes('scope')).toBe('row');
    expect(byTestId(wrapper, 'leaderboard-row-plamo').find('svg').attributes('aria-hidden')).toBe('true');
    // Overlapping intervals share a rank, as the API computed it.
    expect(byTestId(wrapper, 'leaderboard-row-tsuzumi').find('td').text()).toBe('1');
    expect(byTestId(wrapper, 'leaderboard-docs').attributes('href')).toContain('docs/user/evaluation.md');
  });

  it('warns when a model has too few votes for a stable rank', async () => {
    fakeApi({ 'GET /api/evaluation/leaderboard': () => Response.json(board()) });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    await flushPromises();
    expect(byTestId(wrapper, 'leaderboard-sample-warning').text()).toBe(
      '票数が50票に満たないモデルがあります（Sarashina）。信頼区間が広く、順位は今後の投票で入れ替わる可能性があります。',
    );
  });

  it('shows the win-rate matrix as a table with the numbers in every cell', async () => {
    fakeApi({ 'GET /api/evaluation/leaderboard': () => Response.json(board()) });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    await flushPromises();
    const matrix = byTestId(wrapper, 'win-rate-matrix');
    expect(matrix.find('caption').exists()).toBe(true);
    expect(matrix.findAll('thead th').map((th) => [th.text(), th.attributes('scope')])).toEqual([
      ['PLaMo', 'col'],
      ['tsuzumi', 'col'],
      ['Sarashina', 'col'],
    ]);
    expect(matrix.findAll('tbody tr')[0].findAll('th, td').map((cell) => cell.text())).toEqual(['PLaMo', '—', '55%（600票）', '90%（6票）']);
    expect(matrix.findAll('tbody tr')[1].findAll('td').map((cell) => cell.text())).toEqual(['45%（600票）', '—', '対戦なし']);
  });

  it('lets an evaluator narrow by period, organisation, category and app, and ask for style control', async () => {
    const api = fakeApi({
      'GET /api/evaluation/organizations': () => Response.json(ORGANIZATIONS),
      'GET /api/evaluation/leaderboard': (call) =>
        Response.json(
          call.path.includes('styleControl=true')
            ? board({
                filter: { from: '2026-04-01', to: '2026-11-28', organizationId: ORGANIZATIONS[1].id, category: 'translation', app: 'arena', styleControl: true },
                style: {
                  length: { estimate: 0.41, lower: 0.3, upper: 0.52, eloPoints: 178.1 },
                  markdown: { estimate: 0.05, lower: -0.02, upper: 0.12, eloPoints: 21.7 },
                  votesWithoutStyle: 4,
                },
              })
            : board(),
        ),
    });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user', 'evaluator']) });
    await flushPromises();

    await byTestId(wrapper, 'leaderboard-period').setValue('fiscalYear');
    expect(byTestId(wrapper, 'leaderboard-preset-range').text()).toBe('2026-04-01〜2026-11-28');
    await byTestId(wrapper, 'leaderboard-organization').setValue(ORGANIZATIONS[1].id);
    const categories = byTestId(wrapper, 'leaderboard-category').findAll('option').map((option) => option.text());
    expect(categories.slice(0, 4)).toEqual(['すべての種類', '文書作成', '要約', '翻訳']);
    await byTestId(wrapper, 'leaderboard-category').setValue('translation');
    await byTestId(wrapper, 'leaderboard-app').setValue('arena');
    await byTestId(wrapper, 'leaderboard-style').setValue(true);
    await byTestId(wrapper, 'leaderboard-form').trigger('submit');
    await flushPromises();

    expect(leaderboardCalls(api).at(-1)).toBe(
      `/api/evaluation/leaderboard?from=2026-04-01&to=2026-11-28&organizationId=${ORGANIZATIONS[1].id}&category=translation&app=arena&styleControl=true`,
    );
    expect(byTestId(wrapper, 'leaderboard-table').find('caption').text()).toBe('モデルの順位・スタイル制御あり（2026-04-01〜2026-11-28、投票1,206票）');
    const effects = byTestId(wrapper, 'leaderboard-style-effects');
    expect(effects.findAll('li').map((li) => li.text())).toEqual([
      '回答の長さ: 最大178点（95%区間 0.30〜0.52、対数オッズ）',
      '書式（見出し・箇条書き・太字）: 最大22点（95%区間 -0.02〜0.12、対数オッズ）',
    ]);
    expect(effects.text()).toContain('書式の情報がない4票');
  });

  it('checks custom dates before asking, and says when there are no votes', async () => {
    const api = fakeApi({ 'GET /api/evaluation/leaderboard': () => Response.json(board({ entries: [], winRates: { modelIds: [], cells: [] } })) });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    await flushPromises();
    expect(byTestId(wrapper, 'leaderboard-empty').text()).toBe('この条件の投票はまだありません。');

    await byTestId(wrapper, 'leaderboard-period').setValue('custom');
    await byTestId(wrapper, 'leaderboard-from').setValue('2026-11-02');
    await byTestId(wrapper, 'leaderboard-to').setValue('2026-11-01');
    await byTestId(wrapper, 'leaderboard-form').trigger('submit');
    await flushPromises();
    expect(leaderboardCalls(api)).toHaveLength(1);
    expect(byTestId(wrapper, 'leaderboard-to-error').exists()).toBe(true);
  });

  it('is in English too', async () => {
    fakeApi({ 'GET /api/evaluation/leaderboard': () => Response.json(board()) });
    const { wrapper } = await mountWithApp(LeaderboardPage, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    setLocale('en');
    await flushPromises();
    expect(byTestId(wrapper, 'leaderboard-table').find('caption').text()).toBe('Model ranking (all time, 1,206 votes)');
    expect(byTestId(wrapper, 'leaderboard-docs').attributes('href')).toContain('evaluation.en.md');
  });
});
