import type { CreateUseCaseRequest, ModelView, UseCasePageView, UseCaseView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import { organizationNode } from '../../testing/organization-nodes';
import UseCasesPage from './UseCasesPage.vue';

const YOKOSUKA = organizationNode({ id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市' });
const ECHO = { id: 'echo', label: 'Echo' } as ModelView;

const useCase = (overrides: Partial<UseCaseView>): UseCaseView => ({
  id: '0193a000-0000-7000-8000-0000000000d1',
  organizationId: YOKOSUKA.id,
  organizationName: '横須賀市',
  title: '議事録の要約',
  purpose: '会議の書き起こしから議事録案を作る',
  audience: 'staff',
  workNature: 'internal_admin',
  confidentialDataInput: false,
  vendorTrainingUse: 'none',
  humanReview: true,
  modelIds: ['echo'],
  computedRiskLevel: 'low',
  riskReasons: [],
  riskOverrideLevel: null,
  riskOverrideReason: null,
  riskLevel: 'low',
  owner: { userId: null, name: '田中 花子', contact: '内線1234' },
  status: 'approved',
  reviewedAt: '2026-11-01T00:00:00.000Z',
  reviewedBy: { id: '0193a000-0000-7000-8000-0000000000b1', displayName: '佐藤 花子' },
  nextReviewOn: '2027-04-01',
  retiredAt: null,
  retiredReason: null,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});
const MINUTES = useCase({});
const CHATBOT = useCase({
  id: '0193a000-0000-7000-8000-0000000000d2',
  title: '住民向けチャットボット',
  audience: 'public',
  workNature: 'public_service',
  computedRiskLevel: 'medium',
  riskOverrideLevel: 'high',
  riskOverrideReason: '窓口業務の代替になるため',
  riskLevel: 'high',
  status: 'draft',
  nextReviewOn: null,
  owner: { userId: null, name: '鈴木 一郎', contact: null },
});

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);

function registerApi(items: UseCaseView[]) {
  const state = { items };
  const api = fakeApi({
    'GET /api/admin/use-cases': () => Response.json({ items: state.items, total: state.items.length } satisfies UseCasePageView),
    'GET /api/admin/organizations': () => Response.json([YOKOSUKA]),
    'GET /api/models': () => Response.json([ECHO]),
    'POST /api/admin/use-cases': (call) => {
      const body = call.body as CreateUseCaseRequest;
      const saved = useCase({ ...body, id: '0193a000-0000-7000-8000-0000000000d9', status: body.status ?? 'draft', owner: { userId: null, name: body.ownerName, contact: null } } as Partial<UseCaseView>);
      state.items = [saved, ...state.items];
      return Response.json(saved, { status: 201 });
    },
    [`PATCH /api/admin/use-cases/${MINUTES.id}`]: (call) => Response.json({ ...MINUTES, ...(call.body as object) }),
    [`POST /api/admin/use-cases/${CHATBOT.id}/retire`]: () => {
      state.items = state.items.map((u) => (u.id === CHATBOT.id ? { ...u, status: 'retired' as const } : u));
      return Response.json({ ...CHATBOT, status: 'retired' });
    },
  });
  return { api, state };
}
const writes = (api: ReturnType<typeof fakeApi>) => api.calls.filter((c) => c.method !== 'GET');
const orgAdmin = signedInAs(['user', 'org_admin']);

describe('UseCasesPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists use cases with their users, work, risk (marked when a reviewer changed it), status and owner', async () => {
    registerApi([MINUTES, CHATBOT]);
    const { wrapper } = await mountWithApp(UseCasesPage, { path: '/admin/use-cases', me: orgAdmin });
    const table = byTestId(wrapper, 'use-case-table');
    expect(table.find('caption').text()).toBe('登録済みのユースケース（2件）');
    expect(table.findAll('tbody tr').map((tr) => tr.findAll('th, td').slice(0, 7).map((cell) => cell.text()))).toEqual([
      ['議事録の要約', '職員のみ', '内部事務', '低', '承認済み', '田中 花子内線1234', '2027-04-01'],
      ['住民向けチャットボット', '国民・住民向け', '国民対応', '高（見直し後）', '下書き', '鈴木 一郎', '—'],
    ]);
    expect(byTestId(wrapper, 'admin-nav-use-cases').attributes('aria-current')).toBe('page');
  });

  it('shows the risk as the screening questions are answered, with the reasons', async () => {
    registerApi([]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    const risk = byTestId(wrapper, 'use-case-risk');
    expect(risk.attributes('role')).toBe('status');
    expect(risk.text()).toBe('すべての質問に答えると判定結果が表示されます。');

    await byTestId(wrapper, 'use-case-audience-public').setValue(true);
    await byTestId(wrapper, 'use-case-workNature-public_service').setValue(true);
    await byTestId(wrapper, 'use-case-confidentialDataInput-false').setValue(true);
    await byTestId(wrapper, 'use-case-vendorTrainingUse-none').setValue(true);
    await byTestId(wrapper, 'use-case-humanReview-false').setValue(true);
    expect(risk.find('.risk').text()).toBe('リスク 高');
    expect(risk.findAll('li').map((li) => li.text())).toEqual(['職員が確認していない出力が国民・住民に届く', '政策立案または国民対応の業務']);

    await byTestId(wrapper, 'use-case-humanReview-true').setValue(true);
    expect(risk.find('.risk').text()).toBe('リスク 中');
  });

  it('names every unanswered question before sending anything', async () => {
    const { api } = registerApi([]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    await byTestId(wrapper, 'use-case-form').trigger('submit');
    await flushPromises();
    expect(writes(api)).toEqual([]);
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.attributes('role')).toBe('alert');
    expect(summary.findAll('li').map((li) => li.attributes('data-field')).sort()).toEqual(
      ['audience', 'confidentialDataInput', 'humanReview', 'ownerName', 'purpose', 'title', 'vendorTrainingUse', 'workNature'].sort(),
    );
    expect(byTestId(wrapper, 'use-case-audience-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'use-case-audience').attributes('aria-describedby')).toBe('use-case-audience-error');
  });

  it('registers a use case with the answers, the models and a reviewed level with its reason', async () => {
    const { api } = registerApi([]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    await byTestId(wrapper, 'use-case-title-input').setValue('議事録の要約');
    await byTestId(wrapper, 'use-case-purpose-input').setValue('会議の書き起こしから議事録案を作る');
    for (const answer of ['audience-staff', 'workNature-internal_admin', 'confidentialDataInput-true', 'vendorTrainingUse-none', 'humanReview-true']) {
      await byTestId(wrapper, `use-case-${answer}`).setValue(true);
    }
    await byTestId(wrapper, 'use-case-model-echo').setValue(true);
    await byTestId(wrapper, 'use-case-override').setValue('high');
    await byTestId(wrapper, 'use-case-owner-name').setValue('田中 花子');

    await byTestId(wrapper, 'use-case-form').trigger('submit');
    await flushPromises();
    expect(writes(api)).toEqual([]);
    expect(byTestId(wrapper, 'use-case-riskOverrideReason-error').text()).toContain('必須です');

    await byTestId(wrapper, 'use-case-override-reason').setValue('個人の発言が含まれるため');
    await byTestId(wrapper, 'use-case-form').trigger('submit');
    await flushPromises();
    expect(writes(api).map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'POST',
        '/api/admin/use-cases',
        {
          organizationId: YOKOSUKA.id,
          title: '議事録の要約',
          purpose: '会議の書き起こしから議事録案を作る',
          audience: 'staff',
          workNature: 'internal_admin',
          confidentialDataInput: true,
          vendorTrainingUse: 'none',
          humanReview: true,
          modelIds: ['echo'],
          riskOverrideLevel: 'high',
          riskOverrideReason: '個人の発言が含まれるため',
          ownerName: '田中 花子',
          ownerContact: null,
          status: 'draft',
          nextReviewOn: null,
        },
      ],
    ]);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「議事録の要約」を保存しました。');
    expect(byTestId(wrapper, 'use-case-table').findAll('tbody tr')).toHaveLength(1);
  });

  it('edits a use case in place and shows the API’s field errors next to the fields', async () => {
    const { api } = registerApi([MINUTES]);
    api.calls.length = 0;
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    await byTestId(wrapper, `use-case-edit-${MINUTES.id}`).trigger('click');
    await flushPromises();
    expect(document.activeElement?.textContent).toBe('「議事録の要約」を編集');
    expect((byTestId(wrapper, 'use-case-title-input').element as HTMLInputElement).value).toBe('議事録の要約');
    expect(byTestId(wrapper, 'use-case-risk').text()).toContain('リスクを上げる回答はありません。');

    await byTestId(wrapper, 'use-case-status').setValue('in_review');
    await byTestId(wrapper, 'use-case-form').trigger('submit');
    await flushPromises();
    const [patch] = writes(api);
    expect(patch).toMatchObject({ method: 'PATCH', path: `/api/admin/use-cases/${MINUTES.id}`, body: { status: 'in_review', title: '議事録の要約' } });
    expect(patch.body).not.toHaveProperty('organizationId');
  });

  it('retires a use case after asking', async () => {
    const { api } = registerApi([CHATBOT]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    await byTestId(wrapper, `use-case-retire-${CHATBOT.id}`).trigger('click');
    await flushPromises();
    const confirm = document.querySelector<HTMLButtonElement>('[data-testid="confirm-accept"]');
    expect(confirm?.textContent?.trim()).toBe('廃止');
    confirm?.click();
    await flushPromises();
    expect(writes(api).map((c) => `${c.method} ${c.path}`)).toEqual([`POST /api/admin/use-cases/${CHATBOT.id}/retire`]);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「住民向けチャットボット」を廃止しました。');
    expect(byTestId(wrapper, `use-case-retire-${CHATBOT.id}`).exists()).toBe(false);
  });

  it('lets an auditor read the register without the form or the actions', async () => {
    const { api } = registerApi([MINUTES]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: signedInAs(['user', 'auditor']) });
    expect(byTestId(wrapper, 'use-case-table').findAll('tbody tr')).toHaveLength(1);
    expect(byTestId(wrapper, 'use-case-form').exists()).toBe(false);
    expect(byTestId(wrapper, `use-case-edit-${MINUTES.id}`).exists()).toBe(false);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/admin/use-cases?limit=500']);
  });

  it('filters by status, risk and words', async () => {
    const { api } = registerApi([MINUTES]);
    const { wrapper } = await mountWithApp(UseCasesPage, { me: orgAdmin });
    await byTestId(wrapper, 'use-case-filter-status').setValue('draft');
    await byTestId(wrapper, 'use-case-filter-risk').setValue('high');
    await byTestId(wrapper, 'use-case-filter-q').setValue(' 議事録 ');
    await byTestId(wrapper, 'use-case-filters').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe(`/api/admin/use-cases?limit=500&status=draft&riskLevel=high&q=${encodeURIComponent('議事録')}`);
  });
});
