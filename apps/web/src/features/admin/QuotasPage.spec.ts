import type { QuotaRuleInput, QuotaRuleView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { organizationNode, unitNode } from '../../testing/organization-nodes';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import QuotasPage from './QuotasPage.vue';

const YOKOSUKA = organizationNode({ id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市' });
const CITIZENS_SECTION = unitNode(YOKOSUKA, { id: '0193a000-0000-7000-8000-00000000000c', name: '市民課' });
const rule = (overrides: Partial<QuotaRuleView>): QuotaRuleView => ({
  id: '0193a000-0000-7000-8000-0000000000c1',
  scope: 'user',
  organizationId: null,
  organizationName: null,
  period: 'day',
  maxRequests: 100,
  maxTokens: null,
  updatedAt: '2026-11-28T10:00:00.000Z',
  ...overrides,
});
const DEFAULT_DAILY = rule({});
const YOKOSUKA_MONTHLY = rule({ id: '0193a000-0000-7000-8000-0000000000c2', scope: 'organization', organizationId: YOKOSUKA.id, organizationName: '横須賀市', period: 'month', maxRequests: null, maxTokens: 5_000_000 });

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);

function quotasApi(rules: QuotaRuleView[]) {
  const state = { rules };
  const api = fakeApi({
    'GET /api/admin/quotas': () => Response.json(state.rules),
    'GET /api/admin/organizations': () => Response.json([YOKOSUKA, CITIZENS_SECTION]),
    'PUT /api/admin/quotas': (call) => {
      const input = call.body as QuotaRuleInput;
      const saved = rule({ ...input, id: '0193a000-0000-7000-8000-0000000000c9', organizationName: input.organizationId ? '横須賀市' : null });
      state.rules = [...state.rules.filter((r) => !(r.scope === input.scope && r.organizationId === input.organizationId && r.period === input.period)), saved];
      return Response.json(saved);
    },
    [`DELETE /api/admin/quotas/${YOKOSUKA_MONTHLY.id}`]: () => {
      state.rules = state.rules.filter((r) => r.id !== YOKOSUKA_MONTHLY.id);
      return new Response(null, { status: 204 });
    },
  });
  return { api, state };
}
const writes = (api: ReturnType<typeof fakeApi>) => api.calls.filter((c) => c.method !== 'GET');

describe('QuotasPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists the rules with whom they apply to, the period and each limit', async () => {
    quotasApi([DEFAULT_DAILY, YOKOSUKA_MONTHLY]);
    const { wrapper } = await mountWithApp(QuotasPage, { path: '/admin/quotas' });
    const table = byTestId(wrapper, 'quota-table');
    expect(table.find('caption').text()).toBe('利用上限のルール');
    expect(table.findAll('thead th').map((th) => th.attributes('scope'))).toEqual(Array(6).fill('col'));
    expect(table.findAll('tbody tr').map((tr) => tr.findAll('th, td').slice(0, 5).map((cell) => cell.text()))).toEqual([
      ['既定（すべての組織）', '各ユーザー', '1日', '100', '制限なし'],
      ['横須賀市', '組織全体', '1か月', '制限なし', '5,000,000'],
    ]);
    expect(byTestId(wrapper, 'admin-nav-quotas').attributes('aria-current')).toBe('page');
  });

  it('refuses a rule with no limit at all before sending it', async () => {
    const { api } = quotasApi([]);
    const { wrapper } = await mountWithApp(QuotasPage);
    await byTestId(wrapper, 'quota-form').trigger('submit');
    await flushPromises();
    expect(writes(api)).toEqual([]);
    expect(byTestId(wrapper, 'quota-requests-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'quota-max-requests').attributes('aria-invalid')).toBe('true');
    expect(byTestId(wrapper, 'form-error').attributes('role')).toBe('alert');
  });

  it('adds a daily limit for every user of every organisation', async () => {
    const { api } = quotasApi([]);
    const { wrapper } = await mountWithApp(QuotasPage);
    await byTestId(wrapper, 'quota-max-requests').setValue('5');
    await byTestId(wrapper, 'quota-form').trigger('submit');
    await flushPromises();
    expect(writes(api).map((c) => [c.method, c.path, c.body])).toEqual([['PUT', '/api/admin/quotas', { scope: 'user', organizationId: null, period: 'day', maxRequests: 5, maxTokens: null }]]);
    expect(byTestId(wrapper, 'quota-table').text()).toContain('既定（すべての組織）');
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「既定（すべての組織）・各ユーザー・1日」を保存しました。');
    expect((byTestId(wrapper, 'quota-max-requests').element as HTMLInputElement).value).toBe('');
  });

  it('edits a rule in place: who and when stay fixed, only the limits change', async () => {
    const { api } = quotasApi([DEFAULT_DAILY, YOKOSUKA_MONTHLY]);
    const { wrapper } = await mountWithApp(QuotasPage);
    await byTestId(wrapper, `quota-edit-${YOKOSUKA_MONTHLY.id}`).trigger('click');
    await flushPromises();
    expect(document.activeElement?.textContent).toBe('ルール「横須賀市・組織全体・1か月」を編集');
    expect(byTestId(wrapper, 'quota-organization').attributes('disabled')).toBeDefined();
    expect(byTestId(wrapper, 'quota-period').attributes('disabled')).toBeDefined();
    await byTestId(wrapper, 'quota-max-tokens').setValue('8000000');
    await byTestId(wrapper, 'quota-form').trigger('submit');
    await flushPromises();
    expect(writes(api)[0].body).toEqual({ scope: 'organization', organizationId: YOKOSUKA.id, period: 'month', maxRequests: null, maxTokens: 8_000_000 });
    expect(byTestId(wrapper, 'quota-table').text()).toContain('8,000,000');
  });

  it('warns when a new rule would replace an existing one', async () => {
    quotasApi([DEFAULT_DAILY]);
    const { wrapper } = await mountWithApp(QuotasPage);
    expect(byTestId(wrapper, 'quota-replaces').text()).toContain('既定（すべての組織）・各ユーザー・1日');
    await byTestId(wrapper, 'quota-period').setValue('month');
    expect(byTestId(wrapper, 'quota-replaces').exists()).toBe(false);
  });

  it('deletes a rule after confirmation', async () => {
    const { api } = quotasApi([DEFAULT_DAILY, YOKOSUKA_MONTHLY]);
    const { wrapper } = await mountWithApp(QuotasPage);
    await byTestId(wrapper, `quota-delete-${YOKOSUKA_MONTHLY.id}`).trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'confirm-text').text()).toContain('横須賀市・組織全体・1か月');
    await byTestId(wrapper, 'confirm-accept').trigger('click');
    await flushPromises();
    expect(writes(api).map((c) => c.method)).toEqual(['DELETE']);
    expect(byTestId(wrapper, `quota-row-${YOKOSUKA_MONTHLY.id}`).exists()).toBe(false);
  });

  it('lets an organisation administrator manage only their organisation, with the defaults read-only', async () => {
    const { api } = quotasApi([DEFAULT_DAILY, YOKOSUKA_MONTHLY]);
    const { wrapper } = await mountWithApp(QuotasPage, { me: signedInAs(['user', 'org_admin']) });
    expect(byTestId(wrapper, 'admin-nav-models').exists()).toBe(false);
    expect(byTestId(wrapper, `quota-row-${DEFAULT_DAILY.id}`).find('button').exists()).toBe(false);
    expect(byTestId(wrapper, `quota-row-${DEFAULT_DAILY.id}`).text()).toContain('既定（変更不可）');
    // Quotas are per organisation: the unit (市民課) in the organisation list is not offered.
    expect(byTestId(wrapper, 'quota-organization').findAll('option').map((o) => o.text())).toEqual(['横須賀市']);
    await byTestId(wrapper, 'quota-max-tokens').setValue('200000');
    await byTestId(wrapper, 'quota-form').trigger('submit');
    await flushPromises();
    expect(writes(api)[0].body).toMatchObject({ organizationId: YOKOSUKA.id, maxTokens: 200_000 });
  });
});
