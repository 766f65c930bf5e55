import type { LegalHoldPageView, LegalHoldView, PlaceLegalHoldRequest } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type RecordedCall } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import LegalHoldsPage from './LegalHoldsPage.vue';

const YOKOSUKA = { id: '0193a000-0000-7000-8000-00000000000a', name: '横須賀市' };
const ADMIN = { id: '0193a000-0000-7000-8000-0000000000b1', displayName: '佐藤 花子' };
const CONVERSATION = '0193a000-0000-7000-8000-0000000000d1';
const hold = (overrides: Partial<LegalHoldView>): LegalHoldView => ({
  id: '0193a000-0000-7000-8000-0000000000e1',
  organizationId: YOKOSUKA.id,
  organizationName: YOKOSUKA.name,
  subject: 'user',
  user: { id: '0193a000-0000-7000-8000-0000000000b2', displayName: '横須賀 一郎' },
  conversationId: null,
  reason: '訴訟 令和8年(ワ)第345号',
  placedBy: ADMIN,
  placedAt: '2026-11-28T01:00:00.000Z',
  releasedBy: null,
  releasedAt: null,
  ...overrides,
});
const ON_USER = hold({});
const ON_CONVERSATION = hold({ id: '0193a000-0000-7000-8000-0000000000e2', subject: 'conversation', conversationId: CONVERSATION, reason: '情報公開請求 第12号' });

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const writes = (calls: RecordedCall[]) => calls.filter((c) => c.method !== 'GET');

/** The legal-hold API over a list the test can watch change. */
function holdsApi(initial: LegalHoldView[], refusal?: { status: number; code: string; message: string }) {
  const state = { holds: initial };
  const page = (): LegalHoldPageView => ({ items: state.holds, total: state.holds.length });
  return fakeApi({
    'GET /api/admin/legal-holds': () => Response.json(page()),
    'POST /api/admin/legal-holds': (call) => {
      if (refusal) return Response.json({ statusCode: refusal.status, code: refusal.code, message: refusal.message }, { status: refusal.status });
      const input = call.body as PlaceLegalHoldRequest;
      const placed = hold({
        id: '0193a000-0000-7000-8000-0000000000e9',
        subject: input.subject,
        conversationId: input.subject === 'conversation' ? input.subjectId : null,
        reason: input.reason,
      });
      state.holds = [placed, ...state.holds];
      return Response.json(placed, { status: 201 });
    },
    [`POST /api/admin/legal-holds/${ON_USER.id}/release`]: () => {
      const released = { ...ON_USER, releasedBy: ADMIN, releasedAt: '2026-11-29T01:00:00.000Z' };
      state.holds = state.holds.filter((h) => h.id !== ON_USER.id);
      return Response.json(released);
    },
  });
}

describe('LegalHoldsPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists the active holds with what is held, whose, why and who placed them', async () => {
    const api = holdsApi([ON_USER, ON_CONVERSATION]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { path: '/admin/legal-holds', me: signedInAs(['user', 'org_admin']) });

    expect(api.calls[0].path).toBe('/api/admin/legal-holds?status=active&limit=500');
    expect(wrapper.find('h1').text()).toBe('訴訟ホールド');
    expect(byTestId(wrapper, 'admin-nav-legal-holds').attributes('aria-current')).toBe('page');
    const table = byTestId(wrapper, 'legal-hold-table');
    expect(table.find('caption').text()).toBe('訴訟ホールド（2件）');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['対象', '利用者', '理由', 'かけた人・日時', '解除', '操作']);
    const rows = table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((cell) => cell.text()));
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual([
      ['利用者のすべての会話', '横須賀 一郎', '訴訟 令和8年(ワ)第345号'],
      [`会話 ${CONVERSATION}`, '横須賀 一郎', '情報公開請求 第12号'],
    ]);
    expect(rows[0][3]).toMatch(/^佐藤 花子（2026/);
    expect(rows[0][4]).toBe('有効');
    expect(byTestId(wrapper, `legal-hold-release-${ON_USER.id}`).attributes('aria-label')).toBe('横須賀 一郎の訴訟ホールドを解除');
  });

  it('shows released holds when asked, with who released them', async () => {
    const released = hold({ releasedBy: ADMIN, releasedAt: '2026-11-29T01:00:00.000Z', user: null, subject: 'conversation', conversationId: CONVERSATION });
    const api = holdsApi([released]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'org_admin']) });
    await byTestId(wrapper, 'legal-hold-status').setValue('released');
    await flushPromises();

    expect(api.calls.at(-1)?.path).toBe('/api/admin/legal-holds?status=released&limit=500');
    const cells = byTestId(wrapper, `legal-hold-row-${released.id}`).findAll('th, td').map((cell) => cell.text());
    expect(cells[1]).toBe('（会話は削除済み）');
    expect(cells[4]).toMatch(/^佐藤 花子（2026/);
    expect(byTestId(wrapper, `legal-hold-release-${released.id}`).exists()).toBe(false);
  });

  it('places a hold on a conversation with its reason, and says so', async () => {
    const api = holdsApi([]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'org_admin']) });
    expect(byTestId(wrapper, 'legal-hold-table').find('tbody').text()).toBe('該当する訴訟ホールドはありません。');

    await byTestId(wrapper, 'legal-hold-subject-conversation').setValue(true);
    await byTestId(wrapper, 'legal-hold-subject-id').setValue(` ${CONVERSATION} `);
    await byTestId(wrapper, 'legal-hold-reason').setValue('情報公開請求 第12号');
    await byTestId(wrapper, 'legal-hold-form').trigger('submit');
    await flushPromises();

    expect(writes(api.calls).map((c) => [c.path, c.body])).toEqual([
      ['/api/admin/legal-holds', { subject: 'conversation', subjectId: CONVERSATION, reason: '情報公開請求 第12号' }],
    ]);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe(`会話 ${CONVERSATION}に訴訟ホールドをかけました。`);
    expect(byTestId(wrapper, 'legal-hold-table').findAll('tbody tr')).toHaveLength(1);
    expect((byTestId(wrapper, 'legal-hold-subject-id').element as HTMLInputElement).value).toBe('');
  });

  it('points out a missing reason and an id that is not one before sending anything', async () => {
    const api = holdsApi([]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'org_admin']) });
    await byTestId(wrapper, 'legal-hold-subject-id').setValue('yokosuka-ichiro');
    await byTestId(wrapper, 'legal-hold-form').trigger('submit');
    await flushPromises();

    expect(writes(api.calls)).toEqual([]);
    expect(byTestId(wrapper, 'legal-hold-subject-id-error').text()).toContain('UUIDの形式で入力してください');
    expect(byTestId(wrapper, 'legal-hold-reason-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'legal-hold-subject-id').attributes('aria-invalid')).toBe('true');
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.attributes('role')).toBe('alert');
    expect(summary.findAll('a').map((a) => a.attributes('href'))).toEqual(['#legal-hold-subject-id', '#legal-hold-reason']);
  });

  it('shows why the API refused the hold', async () => {
    holdsApi([], { status: 409, code: 'legal_hold_exists', message: 'この利用者には有効な訴訟ホールドが既にあります。' });
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'org_admin']) });
    await byTestId(wrapper, 'legal-hold-subject-id').setValue(ON_USER.user?.id ?? '');
    await byTestId(wrapper, 'legal-hold-reason').setValue('再度');
    await byTestId(wrapper, 'legal-hold-form').trigger('submit');
    await flushPromises();

    expect(byTestId(wrapper, 'form-error').text()).toContain('この利用者には有効な訴訟ホールドが既にあります。');
  });

  it('releases a hold only after confirmation', async () => {
    const api = holdsApi([ON_USER]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'org_admin']) });

    await byTestId(wrapper, `legal-hold-release-${ON_USER.id}`).trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'confirm-text').text()).toContain('横須賀 一郎の訴訟ホールドを解除します。');
    await byTestId(wrapper, 'confirm-cancel').trigger('click');
    await flushPromises();
    expect(writes(api.calls)).toEqual([]);

    await byTestId(wrapper, `legal-hold-release-${ON_USER.id}`).trigger('click');
    await flushPromises();
    await byTestId(wrapper, 'confirm-accept').trigger('click');
    await flushPromises();
    expect(writes(api.calls).map((c) => c.path)).toEqual([`/api/admin/legal-holds/${ON_USER.id}/release`]);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('横須賀 一郎の訴訟ホールドを解除しました。');
    expect(byTestId(wrapper, `legal-hold-row-${ON_USER.id}`).exists()).toBe(false);
  });

  it('lets an auditor read the holds but neither place nor release them', async () => {
    holdsApi([ON_USER]);
    const { wrapper } = await mountWithApp(LegalHoldsPage, { me: signedInAs(['user', 'auditor']) });
    expect(byTestId(wrapper, `legal-hold-row-${ON_USER.id}`).exists()).toBe(true);
    expect(byTestId(wrapper, 'legal-hold-form').exists()).toBe(false);
    expect(byTestId(wrapper, `legal-hold-release-${ON_USER.id}`).exists()).toBe(false);
    expect(byTestId(wrapper, 'legal-hold-table').findAll('thead th').map((th) => th.text())).not.toContain('操作');
  });

  it('names the organisation of each hold for a platform administrator', async () => {
    holdsApi([ON_USER]);
    const { wrapper } = await mountWithApp(LegalHoldsPage);
    expect(byTestId(wrapper, 'legal-hold-table').findAll('thead th').map((th) => th.text())).toContain('組織');
    expect(byTestId(wrapper, `legal-hold-row-${ON_USER.id}`).text()).toContain('横須賀市');
  });
});
