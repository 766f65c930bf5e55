import type { AuditEntryView, AuditVerificationView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import AuditLogPage from './AuditLogPage.vue';

const ORG = '0193a000-0000-7000-8000-00000000000a';
const entry = (overrides: Partial<AuditEntryView> = {}): AuditEntryView => ({
  id: '41',
  position: 12,
  occurredAt: '2026-11-28T01:02:03.456789Z',
  organizationId: ORG,
  action: 'message.sent',
  actor: { userId: '0193a000-0000-7000-8000-0000000000b1', displayName: '横須賀 誠', roles: ['user'], organizationId: ORG },
  source: { ip: '192.0.2.10', userAgent: 'Firefox', apiKeyId: null },
  target: { type: 'conversation', id: '0193a000-0000-7000-8000-0000000000c1' },
  details: { modelId: 'llm-jp', informationClass: 2 },
  messageSha256: 'ab'.repeat(32),
  messageText: null,
  previousHash: '0'.repeat(64),
  hash: 'cd'.repeat(32),
  ...overrides,
});
const verification = (overrides: Partial<AuditVerificationView> = {}): AuditVerificationView => ({
  ok: true,
  verifiedAt: '2026-11-28T01:05:00.000Z',
  durationMs: 1234,
  entries: 1500,
  chains: [{ organizationId: ORG, entries: 1500, firstPosition: 1, lastPosition: 1500, startsAtCheckpoint: false, failure: null }],
  unsealedEntries: 0,
  ...overrides,
});

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const auditor = signedInAs(['user', 'auditor']);

describe('AuditLogPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 28, 9, 0));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('lists the last 30 days newest first, in Japanese, and loads older entries on request', async () => {
    const api = fakeApi({
      'GET /api/audit/entries': (call) =>
        Response.json(call.path.includes('cursor=') ? { items: [entry({ id: '40', action: 'auth.sign_in', position: 11 })], nextCursor: null } : { items: [entry()], nextCursor: '1796000000000000.41' }),
    });
    const { wrapper } = await mountWithApp(AuditLogPage, { path: '/audit', me: auditor });
    await flushPromises();
    expect(api.calls[0].path).toBe('/api/audit/entries?from=2026-10-30&to=2026-11-28');
    expect(document.activeElement).toBe(wrapper.find('h1').element);
    expect(document.title).toBe('監査ログ - 源内 Gennai');

    const table = byTestId(wrapper, 'audit-table');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['日時', '操作', '実行者', '接続元', '対象', '詳細', 'チェーン位置']);
    const row = byTestId(wrapper, 'audit-row-41');
    expect(row.find('th').text()).toBe('メッセージの送信');
    expect(row.text()).toContain('横須賀 誠');
    expect(row.text()).toContain('192.0.2.10');
    expect(row.text()).toContain('modelId: llm-jp, informationClass: 2');
    expect(row.text()).toContain(`本文のSHA-256: ${'ab'.repeat(32)}`);

    await byTestId(wrapper, 'audit-load-more').trigger('click');
    await flushPromises();
    expect(api.calls[1].path).toBe('/api/audit/entries?from=2026-10-30&to=2026-11-28&cursor=1796000000000000.41');
    expect(byTestId(wrapper, 'audit-row-40').find('th').text()).toBe('サインイン');
    expect(byTestId(wrapper, 'audit-load-more').exists()).toBe(false);
  });

  it('filters by action and actor, and explains a reversed period without asking the API', async () => {
    const api = fakeApi({ 'GET /api/audit/entries': () => Response.json({ items: [], nextCursor: null }) });
    const { wrapper } = await mountWithApp(AuditLogPage, { path: '/audit', me: auditor });
    await flushPromises();
    expect(byTestId(wrapper, 'audit-empty').text()).toBe('条件に合う記録はありません。');

    await byTestId(wrapper, 'audit-action').setValue('admin.*');
    await byTestId(wrapper, 'audit-actor').setValue(' 花子 ');
    await byTestId(wrapper, 'audit-filters').trigger('submit');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe('/api/audit/entries?from=2026-10-30&to=2026-11-28&action=admin.*&actor=%E8%8A%B1%E5%AD%90');

    const before = api.calls.length;
    await byTestId(wrapper, 'audit-from').setValue('2026-11-28');
    await byTestId(wrapper, 'audit-to').setValue('2026-11-01');
    await byTestId(wrapper, 'audit-filters').trigger('submit');
    await flushPromises();
    expect(api.calls.length).toBe(before);
    expect(byTestId(wrapper, 'audit-to-error').text()).toContain('範囲外の値です');
    expect(wrapper.find('#audit-to').attributes('aria-invalid')).toBe('true');
  });

  it('verifies the chains and says where one is broken and why', async () => {
    let result = verification();
    fakeApi({
      'GET /api/audit/entries': () => Response.json({ items: [], nextCursor: null }),
      'POST /api/audit/verify': () => Response.json(result),
    });
    const { wrapper } = await mountWithApp(AuditLogPage, { path: '/audit', me: auditor });
    await byTestId(wrapper, 'audit-verify').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'audit-verify-result').attributes('role')).toBe('status');
    expect(byTestId(wrapper, 'audit-verify-result').text()).toBe('✓ 改ざんは見つかりませんでした。1,500件の記録（1本のチェーン）を検証しました（1.23秒）。');

    result = verification({
      ok: false,
      chains: [{ organizationId: ORG, entries: 11, firstPosition: 1, lastPosition: 11, startsAtCheckpoint: false, failure: { position: 12, entryId: '41', reason: 'hash_mismatch', detail: '…' } }],
    });
    await byTestId(wrapper, 'audit-verify').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'audit-verify-failures').text()).toBe(`組織 ${ORG} のチェーン: 位置 12 — 記録の内容がハッシュと一致しません（書き換えられています）`);
  });

  it('downloads the period as CSV, named as the server names it', async () => {
    const api = fakeApi({
      'GET /api/audit/entries': () => Response.json({ items: [], nextCursor: null }),
      'GET /api/audit/export': () =>
        new Response('id,position\r\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="gennai-audit-2026-10-30-2026-11-28.csv"' } }),
    });
    const createObjectURL = vi.fn(() => 'blob:audit');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper } = await mountWithApp(AuditLogPage, { path: '/audit', me: auditor });
    await byTestId(wrapper, 'audit-export-csv').trigger('click');
    await flushPromises();
    expect(api.calls.at(-1)?.path).toBe('/api/audit/export?from=2026-10-30&to=2026-11-28&format=csv');
    expect(click).toHaveBeenCalledOnce();
    expect(byTestId(wrapper, 'audit-export-status').text()).toBe('gennai-audit-2026-10-30-2026-11-28.csv をダウンロードしました。');
  });
});
