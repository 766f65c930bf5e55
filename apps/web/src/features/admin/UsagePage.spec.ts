import type { UsageReportView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { organizationNode, unitNode } from '../../testing/organization-nodes';
import { mountWithApp } from '../../testing/mount-app';
import UsagePage from './UsagePage.vue';

const YOKOSUKA = organizationNode({ id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市' });
const ORGANIZATIONS = [
  YOKOSUKA,
  organizationNode({ id: '0193a000-0000-7000-8000-00000000000b', slug: 'digital-agency', name: 'デジタル庁' }),
  unitNode(YOKOSUKA, { id: '0193a000-0000-7000-8000-00000000000c', name: '市民課' }),
];
const row = { requests: 1234, failedRequests: 12, inputTokens: 456789, outputTokens: 98765, costs: { JPY: 1520.5, USD: 0 }, averageLatencyMs: 842.4, averageTimeToFirstTokenMs: 310.6 };
const report = (overrides: Partial<UsageReportView> = {}): UsageReportView => ({
  groupBy: 'day',
  from: '2026-10-30',
  to: '2026-11-28',
  rows: [{ key: '2026-11-28', label: '2026-11-28', ...row }],
  totals: row,
  ...overrides,
});

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);

describe('UsagePage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 28, 9, 0));
    // jsdom lays nothing out and has no canvas: give the chart a size, and ECharts' text measuring no canvas.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(320);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('shows the last 30 days by day at first, as a chart with the same numbers in a table with totals', async () => {
    const api = fakeApi({ 'GET /api/admin/organizations': () => Response.json(ORGANIZATIONS), 'GET /api/admin/usage': () => Response.json(report()) });
    const { wrapper } = await mountWithApp(UsagePage, { path: '/admin/usage' });
    await flushPromises();
    // The API picks the last 30 days in its own time zone; the form shows the range it used.
    expect(api.calls.find((c) => c.path.startsWith('/api/admin/usage'))?.path).toBe('/api/admin/usage?groupBy=day');
    expect((byTestId(wrapper, 'usage-from').element as HTMLInputElement).value).toBe('2026-10-30');
    expect((byTestId(wrapper, 'usage-to').element as HTMLInputElement).value).toBe('2026-11-28');

    const table = byTestId(wrapper, 'usage-table');
    expect(table.find('caption').text()).toBe('日別の利用状況（2026-10-30〜2026-11-28）。最終行は合計です。');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual([
      '日付',
      'リクエスト数',
      '失敗（割合）',
      '入力トークン',
      '出力トークン',
      '費用（JPY）',
      '平均応答時間（ミリ秒）',
      '平均初回応答時間（ミリ秒）',
    ]);
    expect(byTestId(wrapper, 'usage-row-2026-11-28').findAll('th, td').map((c) => c.text())).toEqual(['2026-11-28', '1,234', '12（1%）', '456,789', '98,765', '1,520.50', '842', '311']);
    expect(byTestId(wrapper, 'usage-totals').find('th').text()).toBe('合計');
    expect(byTestId(wrapper, 'usage-total-requests').text()).toBe('1,234');

    await vi.dynamicImportSettled();
    await flushPromises();
    const chart = byTestId(wrapper, 'usage-chart').find('[role="img"]');
    expect(chart.find('svg').exists()).toBe(true);
    expect(chart.attributes('aria-label')).toBe('日別のリクエスト数（棒）とトークン数（折れ線）のグラフ、2026-10-30〜2026-11-28。同じ数値を下の表に示します。');
  });

  it('groups by model or organisation on request, for one organisation if chosen', async () => {
    const api = fakeApi({
      'GET /api/admin/organizations': () => Response.json(ORGANIZATIONS),
      'GET /api/admin/usage': (call) =>
        Response.json(new URL(call.path, 'http://x').searchParams.get('groupBy') === 'model' ? report({ groupBy: 'model', rows: [{ key: 'plamo', label: 'PLaMo 2.0 Prime', ...row }] }) : report()),
    });
    const { wrapper } = await mountWithApp(UsagePage);
    // Usage is counted per organisation: the unit in the list is not offered.
    expect(byTestId(wrapper, 'usage-organization').findAll('option').map((o) => o.text())).toEqual(['すべての組織', '横須賀市', 'デジタル庁']);
    await byTestId(wrapper, 'usage-group').setValue('model');
    await byTestId(wrapper, 'usage-organization').setValue(ORGANIZATIONS[0].id);
    await byTestId(wrapper, 'usage-form').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe(`/api/admin/usage?groupBy=model&from=2026-10-30&to=2026-11-28&organizationId=${ORGANIZATIONS[0].id}`);
    expect(byTestId(wrapper, 'usage-table').find('thead th').text()).toBe('モデル');
    expect(byTestId(wrapper, 'usage-row-plamo').find('th').text()).toBe('PLaMo 2.0 Prime');
  });

  it('shows a cost column per currency spent, never one sum across currencies', async () => {
    const mixed = { ...row, costs: { JPY: 1520.5, USD: 3.25 } };
    fakeApi({ 'GET /api/admin/organizations': () => Response.json([]), 'GET /api/admin/usage': () => Response.json(report({ rows: [{ key: '2026-11-28', label: '2026-11-28', ...mixed }], totals: mixed })) });
    const { wrapper } = await mountWithApp(UsagePage);
    const headings = byTestId(wrapper, 'usage-table').findAll('thead th').map((th) => th.text());
    expect(headings.filter((h) => h.startsWith('費用'))).toEqual(['費用（JPY）', '費用（USD）']);
    expect(byTestId(wrapper, 'usage-total-cost-JPY').text()).toBe('1,520.50');
    expect(byTestId(wrapper, 'usage-total-cost-USD').text()).toBe('3.25');
  });

  it('formats numbers in English too', async () => {
    fakeApi({ 'GET /api/admin/organizations': () => Response.json([]), 'GET /api/admin/usage': () => Response.json(report()) });
    const { wrapper } = await mountWithApp(UsagePage);
    setLocale('en');
    await flushPromises();
    expect(byTestId(wrapper, 'usage-table').find('caption').text()).toBe('By day: usage from 2026-10-30 to 2026-11-28. The last row is the total.');
    expect(byTestId(wrapper, 'usage-row-2026-11-28').findAll('td').map((c) => c.text())).toEqual(['1,234', '12（1%）', '456,789', '98,765', '1,520.50', '842', '311']);
  });

  it('says when there was no use, and refuses a range that ends before it starts', async () => {
    const api = fakeApi({ 'GET /api/admin/organizations': () => Response.json([]), 'GET /api/admin/usage': () => Response.json(report({ rows: [], totals: { ...row, requests: 0 } })) });
    const { wrapper } = await mountWithApp(UsagePage);
    expect(byTestId(wrapper, 'usage-empty').text()).toBe('この期間の利用はありません。');
    expect(byTestId(wrapper, 'usage-chart').exists()).toBe(false);

    const requests = api.calls.length;
    await byTestId(wrapper, 'usage-from').setValue('2026-11-28');
    await byTestId(wrapper, 'usage-to').setValue('2026-11-01');
    await byTestId(wrapper, 'usage-form').trigger('submit');
    await flushPromises();
    expect(api.calls.length).toBe(requests);
    expect(byTestId(wrapper, 'usage-to-error').text()).toContain('範囲外の値です');
  });
});
