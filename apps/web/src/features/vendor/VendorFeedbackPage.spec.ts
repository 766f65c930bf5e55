import type { VendorModelsView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import VendorFeedbackPage from './VendorFeedbackPage.vue';

const MODELS: VendorModelsView = {
  vendor: 'Acme AI',
  exportAvailable: true,
  models: [
    { id: 'acme-7b', label: 'Acme 7B', domestic: true, enabled: true, likes: 1234, dislikes: 56, votes: 78 },
    { id: 'acme-lite', label: 'Acme Lite', domestic: true, enabled: false, likes: 0, dislikes: 0, votes: 3 },
  ],
};

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const vendorStaff = signedInAs(['vendor']);

describe('VendorFeedbackPage', () => {
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

  it("shows the vendor's models with the last 30 days' feedback and explains what the file holds", async () => {
    const api = fakeApi({ 'GET /api/vendor/models': () => Response.json(MODELS) });
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    await flushPromises();
    expect(api.calls[0].path).toBe('/api/vendor/models?from=2026-10-30&to=2026-11-28');
    expect(document.activeElement).toBe(wrapper.find('h1').element);
    expect(wrapper.find('h1').text()).toBe('ベンダー向けフィードバック');
    expect(byTestId(wrapper, 'vendor-model-acme-7b').text()).toMatch(/Acme 7B.*1,234.*56.*78/s);
    expect(byTestId(wrapper, 'vendor-model-acme-lite').text()).toContain('提供停止中');
    const about = byTestId(wrapper, 'vendor-about').text();
    expect(about).toContain('仮名');
    expect(about).toContain('［電話番号］');
    expect(about).toContain('監査ログ');
  });

  it('downloads the period as JSONL, for one model when chosen', async () => {
    const api = fakeApi({
      'GET /api/vendor/models': () => Response.json(MODELS),
      'GET /api/vendor/feedback/export': () =>
        new Response('{"type":"export"}\n', { headers: { 'Content-Type': 'application/x-ndjson', 'Content-Disposition': 'attachment; filename="gennai-vendor-feedback-2026-11-01-2026-11-28.jsonl"' } }),
    });
    URL.createObjectURL = vi.fn(() => 'blob:feedback');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    await flushPromises();
    await byTestId(wrapper, 'vendor-from').setValue('2026-11-01');
    await byTestId(wrapper, 'vendor-model').setValue('acme-lite');
    await byTestId(wrapper, 'vendor-download').trigger('click');
    await flushPromises();
    expect(api.calls.at(-1)!.path).toBe('/api/vendor/feedback/export?from=2026-11-01&to=2026-11-28&modelId=acme-lite&format=jsonl');
    expect(click).toHaveBeenCalled();
    expect(byTestId(wrapper, 'vendor-export-status').text()).toBe('gennai-vendor-feedback-2026-11-01-2026-11-28.jsonl を保存しました。');
  });

  it('explains a backwards period next to the field, without calling the API', async () => {
    const api = fakeApi({ 'GET /api/vendor/models': () => Response.json(MODELS) });
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    await flushPromises();
    await byTestId(wrapper, 'vendor-from').setValue('2026-12-01');
    await byTestId(wrapper, 'vendor-download').trigger('click');
    await flushPromises();
    expect(api.calls.map((call) => call.path)).not.toContainEqual(expect.stringContaining('/export'));
    expect(wrapper.text()).toContain('範囲外の値です');
  });

  it('turns the download off while the platform has no pseudonymisation key, and says why', async () => {
    fakeApi({ 'GET /api/vendor/models': () => Response.json({ ...MODELS, exportAvailable: false }) });
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    await flushPromises();
    expect(byTestId(wrapper, 'vendor-download').attributes('disabled')).toBeDefined();
    expect(byTestId(wrapper, 'vendor-unavailable').text()).toContain('仮名化の鍵');
  });

  it("shows the API's message when the organisation is not linked to a vendor", async () => {
    fakeApi({
      'GET /api/vendor/models': () =>
        Response.json({ statusCode: 403, code: 'vendor_not_linked', message: 'あなたの組織はモデルベンダーとして登録されていないため、フィードバックを取得できません。' }, { status: 403 }),
    });
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    await flushPromises();
    expect(byTestId(wrapper, 'vendor-error').text()).toContain('モデルベンダーとして登録されていない');
    expect(byTestId(wrapper, 'vendor-download').exists()).toBe(false);
  });

  it('reads in English', async () => {
    fakeApi({ 'GET /api/vendor/models': () => Response.json(MODELS) });
    const { wrapper } = await mountWithApp(VendorFeedbackPage, { path: '/vendor', me: vendorStaff });
    setLocale('en');
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Feedback for vendors');
    expect(byTestId(wrapper, 'vendor-download').text()).toBe('Download JSONL');
  });
});
