import type { ApiKeyView, CreatedApiKeyView, ModelView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp } from '../../testing/mount-app';
import ApiKeysPage from './ApiKeysPage.vue';

const model: ModelView = { id: 'plamo', label: 'PLaMo', provider: 'openai-compatible', demo: false, vendor: 'PFN', domestic: true, maxInformationClass: 2, capabilities: ['streaming'], contextLength: null, maxOutputTokens: null };
const view = (overrides: Partial<ApiKeyView> = {}): ApiKeyView => ({
  id: '0193a000-0000-7000-8000-0000000000k1',
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

describe('ApiKeysPage', () => {
  it('shows a new key’s secret once, and never again after the user has stored it', async () => {
    let keys: ApiKeyView[] = [];
    const created: CreatedApiKeyView = { ...view(), secret: 'gnai_AbC1-the-whole-secret' };
    const api = fakeApi({
      'GET /api/api-keys': () => Response.json(keys),
      'GET /api/models': () => Response.json([model]),
      'POST /api/api-keys': () => {
        keys = [view()];
        return Response.json(created, { status: 201 });
      },
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    expect(wrapper.text()).toContain('まだキーはありません。');

    await wrapper.find('[data-testid="api-key-name"]').setValue('集計スクリプト');
    await wrapper.find('[data-testid="api-key-form"]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '集計スクリプト', expiresInDays: 90, modelIds: [] });
    expect(wrapper.find('[data-testid="api-key-secret"]').text()).toBe('gnai_AbC1-the-whole-secret');
    expect(wrapper.text()).toContain('二度と表示されません');
    expect(wrapper.find('[data-testid="api-key-table"]').text()).toContain('gnai_AbC1…');
    expect(wrapper.find('[data-testid="api-key-table"]').text()).not.toContain('the-whole-secret');

    await wrapper.find('[data-testid="api-key-done"]').trigger('click');
    expect(wrapper.text()).not.toContain('the-whole-secret');
  });

  it('shows the API’s reason when a key cannot be created', async () => {
    fakeApi({
      'GET /api/api-keys': () => Response.json([]),
      'GET /api/models': () => Response.json([]),
      'POST /api/api-keys': () =>
        Response.json({ statusCode: 400, code: 'validation_failed', message: '入力内容に誤りがあります。', details: [{ field: 'name', message: 'name: 空にできません' }] }, { status: 400 }),
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    await wrapper.find('[data-testid="api-key-name"]').setValue(' ');
    await wrapper.find('[data-testid="api-key-form"]').trigger('submit');
    await flushPromises();
    const error = wrapper.find('[data-testid="form-error"]');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toContain('name: 空にできません');
  });

  it('marks revoked and expired keys', async () => {
    fakeApi({
      'GET /api/api-keys': () => Response.json([view({ name: 'old', revokedAt: '2026-11-28T11:00:00.000Z' }), view({ id: 'x', name: 'past', expiresAt: '2020-01-01T00:00:00.000Z' })]),
      'GET /api/models': () => Response.json([]),
    });
    const { wrapper } = await mountWithApp(ApiKeysPage);
    expect(wrapper.find('[data-testid="api-key-row-old"]').text()).toContain('失効');
    expect(wrapper.find('[data-testid="api-key-row-past"]').text()).toContain('期限切れ');
    expect(wrapper.find('[data-testid="api-key-row-old"] [data-testid="api-key-revoke"]').exists()).toBe(false);
  });
});
