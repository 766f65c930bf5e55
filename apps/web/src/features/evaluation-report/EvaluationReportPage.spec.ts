import type { EvaluationReportView, LeaderboardView, ModelView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import EvaluationReportPage from './EvaluationReportPage.vue';
import { previousQuarter } from './report-files';

const REPORT: EvaluationReportView = {
  id: '0193a000-0000-7000-8000-0000000000aa',
  from: '2026-07-01',
  to: '2026-09-30',
  modelIds: ['plamo', 'tsuzumi'],
  locale: 'ja',
  bundleSha256: 'ab'.repeat(32),
  tables: ['sample_sizes', 'leaderboard'],
  createdAt: '2026-11-28T00:00:00.000Z',
};

const models = [{ id: 'plamo', label: 'PLaMo' }] as ModelView[];
const board = { entries: [{ modelId: 'tsuzumi', label: 'tsuzumi' }] } as unknown as LeaderboardView;

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);

describe('EvaluationReportPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 28, 9, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('offers the previous quarter and every model the evaluator can compare, all chosen', async () => {
    fakeApi({ 'GET /api/models': () => Response.json(models), 'GET /api/evaluation/leaderboard': () => Response.json(board) });
    const { wrapper } = await mountWithApp(EvaluationReportPage, { path: '/evaluation/report', me: signedInAs(['user', 'evaluator']) });
    await flushPromises();
    expect((byTestId(wrapper, 'report-from').element as HTMLInputElement).value).toBe('2026-07-01');
    expect((byTestId(wrapper, 'report-to').element as HTMLInputElement).value).toBe('2026-09-30');
    expect(byTestId(wrapper, 'report-models').text()).toContain('PLaMo');
    expect(byTestId(wrapper, 'report-models').text()).toContain('tsuzumi');
    expect((byTestId(wrapper, 'report-model-plamo').element as HTMLInputElement).checked).toBe(true);
  });

  it('generates the report and lists its HTML, JSON, bundle and each table to download', async () => {
    const api = fakeApi({
      'GET /api/models': () => Response.json(models),
      'GET /api/evaluation/leaderboard': () => Response.json(board),
      'POST /api/evaluation/reports': () => Response.json(REPORT, { status: 201 }),
    });
    const { wrapper } = await mountWithApp(EvaluationReportPage, { path: '/evaluation/report', me: signedInAs(['user', 'evaluator']) });
    await flushPromises();
    await byTestId(wrapper, 'report-locale-en').setValue(true);
    await byTestId(wrapper, 'report-form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({ from: '2026-07-01', to: '2026-09-30', modelIds: ['plamo', 'tsuzumi'], locale: 'en' });
    expect(byTestId(wrapper, 'report-status').text()).toContain('レポートを作成しました');
    expect(byTestId(wrapper, 'report-hash').text()).toBe(REPORT.bundleSha256);
    const files = byTestId(wrapper, 'report-files').findAll('li').map((item) => item.text());
    expect(files).toEqual(['報告書（HTML・印刷用）', 'すべての表（JSON）', '元データ（バンドル、JSONL）', '表「標本の大きさ」（CSV）', '表「比較ランキング」（CSV）']);
  });

  it('explains what is missing instead of sending a report without models or with the dates reversed', async () => {
    const api = fakeApi({ 'GET /api/models': () => Response.json([]), 'GET /api/evaluation/leaderboard': () => Response.json({ entries: [] }) });
    const { wrapper } = await mountWithApp(EvaluationReportPage, { path: '/evaluation/report', me: signedInAs(['user', 'evaluator']) });
    await flushPromises();
    await byTestId(wrapper, 'report-from').setValue('2026-10-01');
    await byTestId(wrapper, 'report-form').trigger('submit');
    await flushPromises();
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);
    expect(wrapper.text()).toContain('範囲外の値です');
    expect(wrapper.text()).toContain('必須です');
  });

  it('downloads a file with the signed-in token, under the name the server gives', async () => {
    const api = fakeApi({
      'GET /api/models': () => Response.json(models),
      'GET /api/evaluation/leaderboard': () => Response.json(board),
      'POST /api/evaluation/reports': () => Response.json(REPORT, { status: 201 }),
      [`GET /api/evaluation/reports/${REPORT.id}/tables/leaderboard.csv`]: () =>
        new Response('\uFEFF順位\r\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="leaderboard.csv"' } }),
    });
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { wrapper } = await mountWithApp(EvaluationReportPage, { path: '/evaluation/report', me: signedInAs(['user', 'evaluator']) });
    await flushPromises();
    await byTestId(wrapper, 'report-form').trigger('submit');
    await flushPromises();
    await byTestId(wrapper, 'report-download-tables/leaderboard.csv').trigger('click');
    await flushPromises();
    const call = api.calls.find((c) => c.path.endsWith('leaderboard.csv'));
    expect(call?.headers.get('Authorization')).toBe('Bearer test-token');
    expect(clicked).toEqual(['leaderboard.csv']);
  });
});

describe('previousQuarter', () => {
  it('is the quarter before the one today falls in, across a year boundary too', () => {
    expect(previousQuarter(new Date(2026, 10, 28))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(previousQuarter(new Date(2027, 1, 3))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});
