import type { CaioOrganizationSummaryView, CaioSummaryView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import CaioPage from './CaioPage.vue';

const organization = (id: string, name: string, overrides: Partial<CaioOrganizationSummaryView> = {}): CaioOrganizationSummaryView => ({
  organization: { id, name },
  activeUsers: 0,
  usage: { requests: 0, inputTokens: 0, outputTokens: 0, costs: { JPY: 0, USD: 0 } },
  models: [],
  useCases: { total: 0, byStatus: { draft: 0, in_review: 0, approved: 0, retired: 0 }, byRiskLevel: { high: 0, medium: 0, low: 0 }, highRiskUnapproved: 0 },
  piiEvents: {},
  ...overrides,
});
const SUMMARY: CaioSummaryView = {
  from: '2026-11-01',
  to: '2026-11-30',
  organizations: [
    organization('0193a000-0000-7000-8000-00000000000a', '横須賀市', {
      activeUsers: 42,
      usage: { requests: 1234, inputTokens: 56789, outputTokens: 98765, costs: { JPY: 1500, USD: 0 } },
      models: [{ modelId: 'echo', label: 'Echo', requests: 1234, inputTokens: 56789, outputTokens: 98765, costs: { JPY: 1500, USD: 0 } }],
      useCases: { total: 5, byStatus: { draft: 1, in_review: 1, approved: 2, retired: 1 }, byRiskLevel: { high: 2, medium: 1, low: 1 }, highRiskUnapproved: 1 },
      piiEvents: { 'pii.warned': 7, 'pii.masked': 3 },
    }),
    organization('0193a000-0000-7000-8000-00000000000b', '三浦市'),
  ],
};

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const rows = (wrapper: Wrapper, table: string) =>
  wrapper.find(`[data-testid="${table}"]`).findAll('tbody tr').map((tr) => tr.findAll('th, td').map((cell) => cell.text()));

describe('CaioPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows each organisation’s usage, use cases by risk and status, and PII-guard events as tables', async () => {
    const api = fakeApi({ 'GET /api/admin/caio/summary': () => Response.json(SUMMARY) });
    const { wrapper } = await mountWithApp(CaioPage, { path: '/admin/caio', me: signedInAs(['user', 'org_admin']) });

    expect(api.calls.map((c) => c.path)).toEqual(['/api/admin/caio/summary']);
    expect(wrapper.find('[data-testid="caio-usage"] caption').text()).toBe('組織別の利用状況（2026-11-01〜2026-11-30）');
    expect(rows(wrapper, 'caio-usage')).toEqual([
      ['横須賀市', '42', '1,234', '56,789', '98,765', '￥1,500'],
      ['三浦市', '0', '0', '0', '0', '￥0'],
    ]);
    expect(rows(wrapper, 'caio-models')).toEqual([['横須賀市', 'Echo', '1,234', '56,789', '98,765', '￥1,500']]);
    expect(wrapper.find('[data-testid="caio-use-cases"]').findAll('thead th').map((th) => th.text())).toEqual([
      '組織', 'リスク高', 'リスク中', 'リスク低', '下書き', '審査中', '承認済み', '廃止', '未承認の高リスク',
    ]);
    expect(rows(wrapper, 'caio-use-cases')).toEqual([
      ['横須賀市', '2', '1', '1', '1', '1', '2', '1', '1件（要対応）'],
      ['三浦市', '0', '0', '0', '0', '0', '0', '0', '0'],
    ]);
    expect(wrapper.find('[data-testid="caio-pii"]').findAll('thead th').map((th) => th.text())).toEqual([
      '組織', '個人情報の警告', '個人情報の警告を無視して送信', '個人情報を伏せて送信', '個人情報を含む送信の拒否',
    ]);
    expect(rows(wrapper, 'caio-pii')[0]).toEqual(['横須賀市', '7', '0', '3', '0']);
    expect(wrapper.find('[data-testid="admin-nav-caio"]').attributes('aria-current')).toBe('page');
  });

  it('asks for the chosen range, and refuses a reversed one before asking', async () => {
    const api = fakeApi({ 'GET /api/admin/caio/summary': () => Response.json(SUMMARY) });
    const { wrapper } = await mountWithApp(CaioPage, { me: signedInAs(['user', 'auditor']) });
    await wrapper.find('[data-testid="caio-from-input"]').setValue('2026-10-01');
    await wrapper.find('[data-testid="caio-form"]').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe('/api/admin/caio/summary?from=2026-10-01&to=2026-11-30');

    await wrapper.find('[data-testid="caio-from-input"]').setValue('2026-12-01');
    await wrapper.find('[data-testid="caio-form"]').trigger('submit');
    await flushPromises();
    expect(api.calls).toHaveLength(2);
    expect(wrapper.find('[data-testid="caio-to-error"]').text()).toContain('範囲外の値です');
  });
});
