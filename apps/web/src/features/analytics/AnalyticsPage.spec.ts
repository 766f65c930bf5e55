import type { AnalyticsDashboardView, AnalyticsUsageView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp } from '../../testing/mount-app';
import AnalyticsPage from './AnalyticsPage.vue';

const usage = (requests: number, overrides: Partial<AnalyticsUsageView> = {}): AnalyticsUsageView => ({
  requests,
  failedRequests: requests / 10,
  errorRate: 0.1,
  inputTokens: requests * 100,
  outputTokens: requests * 200,
  costs: { JPY: requests * 1.5, USD: 0 },
  meanLatencyMs: 1200,
  p95LatencyMs: 4100,
  meanTimeToFirstTokenMs: 300,
  ...overrides,
});
const satisfaction = { likes: 30, dislikes: 10, likeRatio: 0.75 };
const distribution = { never: 120, light: 40, regular: 25, frequent: 10, heavy: 5 };

const DASHBOARD: AnalyticsDashboardView = {
  from: '2026-10-30',
  to: '2026-11-28',
  rolledUpAt: '2026-11-28T00:05:00.000Z',
  totals: { ...usage(5000), ...satisfaction, registeredUsers: 200, activeUsers: 80, usesPerActiveUser: 62.5, distribution },
  days: [
    { day: '2026-11-27', activeUsers: 40, ...usage(2000) },
    { day: '2026-11-28', activeUsers: 50, ...usage(3000) },
  ],
  apps: [{ app: 'chat', activeUsers: 80, usesPerActiveUser: 62.5, ...usage(5000) }],
  models: [{ modelId: 'plamo', label: 'PLaMo 2.0 Prime', ...usage(5000), ...satisfaction, arena: { rating: 1043.2, lower: 1010.4, upper: 1077.9, votes: 321 } }],
  categories: [
    { taskCategory: 'summarization', ...usage(4000), ...satisfaction },
    { taskCategory: 'uncategorized', ...usage(1000), likes: 0, dislikes: 0, likeRatio: null },
  ],
  organizations: [
    { organizationId: '0193a000-0000-7000-8000-00000000000a', name: '横須賀市', organizations: 1, registeredUsers: 190, activeUsers: 76, distribution: { never: 114, light: 38, regular: 24, frequent: 9, heavy: 5 }, ...usage(4800), ...satisfaction },
    { organizationId: null, name: null, organizations: 3, registeredUsers: 10, activeUsers: 4 + 1, distribution: { never: 6, light: 2, regular: 1, frequent: 1, heavy: 0 }, ...usage(200), ...satisfaction },
  ],
};

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const cells = (wrapper: Wrapper, id: string) => byTestId(wrapper, id).findAll('th, td').map((cell) => cell.text());

// ECharts' first import and render take seconds on a loaded 2-core machine.
describe('AnalyticsPage', { timeout: 20_000 }, () => {
  beforeEach(() => {
    // jsdom lays nothing out and has no canvas: give the charts a size, and ECharts' text measuring no canvas.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('shows the summary, each model with its satisfaction and arena rating, and the distribution of use with 「その他」', async () => {
    const api = fakeApi({ 'GET /api/evaluation/organizations': () => Response.json([]), 'GET /api/evaluation/analytics': () => Response.json(DASHBOARD) });
    const { wrapper } = await mountWithApp(AnalyticsPage, { path: '/evaluation/analytics' });
    await flushPromises();
    // The first load leaves the period to the API (Japan time); the form then shows what it used.
    expect(api.calls.find((c) => c.path.startsWith('/api/evaluation/analytics'))?.path).toBe('/api/evaluation/analytics');
    expect((byTestId(wrapper, 'analytics-from').element as HTMLInputElement).value).toBe('2026-10-30');

    expect(byTestId(wrapper, 'analytics-active-users').text()).toBe('80 人（登録 200 人中）');
    expect(byTestId(wrapper, 'analytics-satisfaction').text()).toBe('75%（いいね 30・よくない 10）');
    expect(byTestId(wrapper, 'analytics-freshness').text()).toContain('までの利用を集計しています');
    expect(cells(wrapper, 'analytics-model-plamo')).toEqual(['PLaMo 2.0 Prime', '5,000', '1,500,000', '7,500', '1,200', '4,100', '10%', '75%（いいね 30・よくない 10）', '1,043（1,010〜1,078）']);
    expect(byTestId(wrapper, 'analytics-categories').findAll('tbody th').map((th) => th.text())).toEqual(['要約', '未分類']);

    expect(byTestId(wrapper, 'analytics-organizations').findAll('thead th').map((th) => th.text())).toEqual([
      '組織',
      '登録者数',
      '利用者数',
      '使っていない（0回）',
      '1〜4回',
      '5〜19回',
      '20〜99回',
      '100回以上',
      'リクエスト数',
      '満足度（いいねの割合）',
    ]);
    expect(cells(wrapper, 'analytics-organization-other')).toEqual(['その他（3 組織）', '10', '5', '6', '2', '1', '1', '0', '200', '75%']);
    expect(cells(wrapper, 'analytics-organizations-total')).toEqual(['合計', '200', '80', '120', '40', '25', '10', '5', '5,000', '75%']);

    await vi.dynamicImportSettled();
    await flushPromises();
    const charts = wrapper.findAll('[data-testid="analytics-chart"] [role="img"]');
    expect(charts).toHaveLength(3);
    expect(charts[0].find('svg').exists()).toBe(true);
    expect(charts[0].attributes('aria-label')).toBe('2026-10-30〜2026-11-28 の日ごとの利用者数（棒）とリクエスト数（折れ線）のグラフ。同じ数値を下の表に示します。');
  });

  it('sends the filters chosen, and only those', async () => {
    const api = fakeApi({ 'GET /api/evaluation/organizations': () => Response.json([]), 'GET /api/evaluation/analytics': () => Response.json(DASHBOARD) });
    const { wrapper } = await mountWithApp(AnalyticsPage, { path: '/evaluation/analytics' });
    await flushPromises();
    await byTestId(wrapper, 'analytics-app').setValue('api');
    await byTestId(wrapper, 'analytics-model').setValue('plamo');
    await byTestId(wrapper, 'analytics-category').setValue('translation');
    await byTestId(wrapper, 'analytics-form').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.startsWith('/api/evaluation/analytics')).at(-1)?.path).toBe(
      '/api/evaluation/analytics?from=2026-10-30&to=2026-11-28&app=api&modelId=plamo&taskCategory=translation',
    );
  });

  it('speaks English', async () => {
    fakeApi({ 'GET /api/evaluation/organizations': () => Response.json([]), 'GET /api/evaluation/analytics': () => Response.json(DASHBOARD) });
    const { wrapper } = await mountWithApp(AnalyticsPage, { path: '/evaluation/analytics' });
    setLocale('en');
    await flushPromises();
    expect(byTestId(wrapper, 'analytics-active-users').text()).toBe('80 (of 200 registered)');
    expect(cells(wrapper, 'analytics-organization-other')[0]).toBe('Other (3 organisations)');
  });
});
