import type { ApiKeyView, CreatedApiKeyView, ModelView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp } from '../../testing/mount-app';
import ApiKeysPage from './ApiKeysPage.vue';

const PLAMO: ModelView = { id: 'plamo', label: 'PLaMo', provider: 'openai-compatible', demo: false, vendor: 'PFN', domestic: true, maxInformationClass: 2, capabilities: ['streaming'], contextLength: null, maxOutputTokens: null };
const SECRET = 'gnai_AbC1-the-whole-secret';
const view = (overrides: Partial<ApiKeyView> = {}): ApiKeyView => ({
  id: '0193a000-0000-7000-8000-0000000000f1',
  name: '集計スクリプト',
  prefix: 'gnai_AbC1',
  modelIds: [],
  scopes: ['chat', 'models'],
  createdAt: '2026-11-28T10:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);

describe('ApiKeysPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows a new key’s secret once with a warning, and never again after the dialog is closed', async () => {
    let keys: ApiKeyView[] = [];
    const api = fakeApi({
      'GET /api/api-keys': () => Response.json(keys),
      'GET /api/models': () => Response.json([PLAMO]),
      'POST /api/api-keys': () => {
        keys = [view({ modelIds: ['plamo'] })];
        return Response.json({ ...keys[0], secret: SECRET } satisfies CreatedApiKeyView, { status: 201 });
      },
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    expect(wrapper.text()).toContain('まだキーはありません。');

    await byTestId(wrapper, 'api-key-new').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(byTestId(wrapper, 'api-key-name').element);
    await byTestId(wrapper, 'api-key-name').setValue('集計スクリプト');
    await byTestId(wrapper, 'api-key-days').setValue('30');
    await byTestId(wrapper, 'api-key-model-plamo').setValue(true);
    await byTestId(wrapper, 'api-key-form').trigger('submit');
    await flushPromises();

    // The OpenAI-compatible API by default; blind comparisons only when chosen.
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '集計スクリプト', expiresInDays: 30, modelIds: ['plamo'], scopes: ['chat', 'models'] });
    expect(byTestId(wrapper, 'api-key-secret').text()).toBe(SECRET);
    expect(byTestId(wrapper, 'api-key-secret-box').text()).toContain('この画面を閉じると二度と表示されません');
    expect(document.activeElement?.id).toBe('api-key-warning');
    const row = byTestId(wrapper, 'api-key-row-集計スクリプト');
    expect(row.text()).toContain('gnai_AbC1…');
    expect(row.text()).toContain('PLaMo');
    expect(row.text()).not.toContain('the-whole-secret');

    await byTestId(wrapper, 'api-key-done').trigger('click');
    await flushPromises();
    expect(document.body.textContent).not.toContain('the-whole-secret');
    await byTestId(wrapper, 'api-key-new').trigger('click');
    await flushPromises();
    expect(document.body.textContent).not.toContain('the-whole-secret');
    expect(byTestId(wrapper, 'api-key-form').exists()).toBe(true);
  });

  it('checks the name and validity before sending, and says what is wrong next to each field', async () => {
    const api = fakeApi({ 'GET /api/api-keys': () => Response.json([]), 'GET /api/models': () => Response.json([]) });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    await byTestId(wrapper, 'api-key-new').trigger('click');
    await byTestId(wrapper, 'api-key-name').setValue('  ');
    await byTestId(wrapper, 'api-key-days').setValue('400');
    await byTestId(wrapper, 'api-key-form').trigger('submit');
    await flushPromises();

    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    const name = byTestId(wrapper, 'api-key-name');
    expect(name.attributes('aria-invalid')).toBe('true');
    expect(byTestId(wrapper, 'api-key-name-error').text()).toContain('必須です');
    expect(name.attributes('aria-describedby')).toContain('api-key-name-error');
    expect(byTestId(wrapper, 'api-key-days-error').text()).toContain('範囲外の値です');
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.attributes('role')).toBe('alert');
    expect(summary.text()).toContain('名前: 必須です');
    expect(document.activeElement).toBe(summary.element);
  });

  it('shows the API’s own reason next to the field it names', async () => {
    fakeApi({
      'GET /api/api-keys': () => Response.json([]),
      'GET /api/models': () => Response.json([]),
      'POST /api/api-keys': () =>
        Response.json({ statusCode: 400, code: 'validation_failed', message: '入力内容に誤りがあります。', details: [{ field: 'name', message: 'name: 100文字以内にしてください' }] }, { status: 400 }),
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    await byTestId(wrapper, 'api-key-new').trigger('click');
    await byTestId(wrapper, 'api-key-name').setValue('集計');
    await byTestId(wrapper, 'api-key-form').trigger('submit');
    await flushPromises();
    expect(byTestId(wrapper, 'form-error').text()).toContain('入力内容に誤りがあります。');
    expect(byTestId(wrapper, 'api-key-name-error').text()).toContain('100文字以内にしてください');
    expect(byTestId(wrapper, 'api-key-secret').exists()).toBe(false);
  });

  it('lets the owner open blind comparisons to a key, and lists what each key may do', async () => {
    let keys: ApiKeyView[] = [view()];
    const api = fakeApi({
      'GET /api/api-keys': () => Response.json(keys),
      'GET /api/models': () => Response.json([PLAMO]),
      'POST /api/api-keys': () => {
        keys = [view({ id: '0193a000-0000-7000-8000-0000000000f2', name: '比較ボット', scopes: ['arena'] }), ...keys];
        return Response.json({ ...keys[0], secret: SECRET } satisfies CreatedApiKeyView, { status: 201 });
      },
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    expect(byTestId(wrapper, 'api-key-row-集計スクリプト').find('[data-testid="api-key-scopes"]').text()).toBe('チャット, モデル一覧');

    await byTestId(wrapper, 'api-key-new').trigger('click');
    await flushPromises();
    const arena = byTestId(wrapper, 'api-key-scope-arena');
    expect((arena.element as HTMLInputElement).checked).toBe(false);
    expect(arena.element.closest('label')?.textContent).toContain('ブラインド比較');
    expect(arena.element.closest('label')?.textContent).toContain('/api/arena/battles');
    expect(byTestId(wrapper, 'api-key-scopes-field').text()).toContain('「API」として数えられます');
    await byTestId(wrapper, 'api-key-name').setValue('比較ボット');
    await arena.setValue(true);
    await byTestId(wrapper, 'api-key-scope-chat').setValue(false);
    await byTestId(wrapper, 'api-key-scope-models').setValue(false);
    await byTestId(wrapper, 'api-key-form').trigger('submit');
    await flushPromises();

    expect(api.calls.find((c) => c.method === 'POST')?.body).toMatchObject({ name: '比較ボット', scopes: ['arena'] });
    await byTestId(wrapper, 'api-key-done').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'api-key-row-比較ボット').find('[data-testid="api-key-scopes"]').text()).toBe('ブラインド比較');
  });

  it('asks for at least one thing the key may do before sending', async () => {
    const api = fakeApi({ 'GET /api/api-keys': () => Response.json([]), 'GET /api/models': () => Response.json([]) });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    await byTestId(wrapper, 'api-key-new').trigger('click');
    await byTestId(wrapper, 'api-key-name').setValue('何もできないキー');
    await byTestId(wrapper, 'api-key-scope-chat').setValue(false);
    await byTestId(wrapper, 'api-key-scope-models').setValue(false);
    await byTestId(wrapper, 'api-key-form').trigger('submit');
    await flushPromises();

    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(byTestId(wrapper, 'api-key-scopes-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'api-key-scopes-field').attributes('aria-invalid')).toBe('true');
    expect(byTestId(wrapper, 'form-error').text()).toContain('このキーでできること: 必須です');
  });

  it('revokes a key only after the user confirms', async () => {
    let keys = [view()];
    const api = fakeApi({
      'GET /api/api-keys': () => Response.json(keys),
      'GET /api/models': () => Response.json([]),
      [`DELETE /api/api-keys/${view().id}`]: () => {
        keys = [view({ revokedAt: '2026-11-28T11:00:00.000Z' })];
        return new Response(null, { status: 204 });
      },
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    const revoke = byTestId(wrapper, 'api-key-revoke');
    expect(revoke.attributes('aria-label')).toBe('キー「集計スクリプト」を失効させる');

    await revoke.trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'confirm-text').text()).toContain('元に戻せません');
    expect(document.activeElement).toBe(byTestId(wrapper, 'confirm-cancel').element);
    await byTestId(wrapper, 'confirm-cancel').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE')).toEqual([]);

    await byTestId(wrapper, 'api-key-revoke').trigger('click');
    await flushPromises();
    await byTestId(wrapper, 'confirm-accept').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(byTestId(wrapper, 'api-key-row-集計スクリプト').text()).toContain('失効');
    expect(byTestId(wrapper, 'api-key-revoke').exists()).toBe(false);
    expect(byTestId(wrapper, 'api-key-notice').text()).toBe('キー「集計スクリプト」を失効させました。');
  });

  it('marks expired keys in words', async () => {
    fakeApi({ 'GET /api/api-keys': () => Response.json([view({ name: 'past', expiresAt: '2020-01-01T00:00:00.000Z' })]), 'GET /api/models': () => Response.json([]) });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    expect(byTestId(wrapper, 'api-key-row-past').find('[data-testid="api-key-status"]').text()).toBe('期限切れ');
  });

  it('tells programs where the OpenAI-compatible API is, with curl and Python examples', async () => {
    fakeApi({ 'GET /api/api-keys': () => Response.json([]), 'GET /api/models': () => Response.json([PLAMO]) });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    const base = `${window.location.origin}/v1`;
    expect(byTestId(wrapper, 'api-base-url').text()).toBe(base);
    const usage = byTestId(wrapper, 'api-key-usage').text();
    expect(usage).toContain(`curl ${base}/chat/completions`);
    expect(usage).toContain(`OpenAI(base_url="${base}"`);
    expect(usage).toContain('"model": "plamo"');
  });
});
