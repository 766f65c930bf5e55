import type { CatalogModelView, ProviderView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type RecordedCall } from '../../testing/fake-api';
import { organizationNode, unitNode } from '../../testing/organization-nodes';
import { mountWithApp } from '../../testing/mount-app';
import ModelCatalogPage from './ModelCatalogPage.vue';
import type { ProviderTypeView } from './ProviderForm.vue';

const TYPES: ProviderTypeView[] = [
  { type: 'openai-compatible', label: { ja: 'OpenAI 互換', en: 'OpenAI-compatible' }, requiresBaseUrl: true, settings: [] },
  { type: 'bedrock', label: { ja: 'Amazon Bedrock', en: 'Amazon Bedrock' }, requiresBaseUrl: false, settings: ['region'] },
];
const VLLM: ProviderView = {
  id: 'yokosuka-vllm',
  displayName: '横須賀市 vLLM',
  type: 'openai-compatible',
  baseUrl: 'http://vllm.internal:8000/v1',
  settings: {},
  credential: { kind: 'encrypted', reference: null },
  source: 'database',
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
};
const YOKOSUKA = organizationNode({ id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市' });
/** A unit is in the list too, but model access is granted to organisations only. */
const ORGANIZATIONS = [YOKOSUKA, unitNode(YOKOSUKA, { id: '0193a000-0000-7000-8000-00000000000c', name: '市民課' })];
const model = (overrides: Partial<CatalogModelView>): CatalogModelView => ({
  id: 'plamo',
  displayName: 'PLaMo 2.0 Prime',
  vendor: 'Preferred Networks',
  domestic: true,
  contextLength: 32768,
  maxOutputTokens: 4096,
  inputPricePerMTok: 150,
  outputPricePerMTok: 600,
  currency: 'JPY',
  maxInformationClass: 2,
  capabilities: ['streaming'],
  enabled: true,
  fallbackModelIds: [],
  access: { organizationIds: [], roles: [] },
  deployments: [{ id: 'd1', providerId: 'yokosuka-vllm', upstreamModel: 'pfnet/plamo-2.0-prime', weight: 1, enabled: true, timeouts: {}, circuit: 'closed' }],
  source: 'database',
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  ...overrides,
});
const PLAMO = model({});
const ECHO = model({ id: 'echo', displayName: 'Echo テストモデル', vendor: '', domestic: false, maxInformationClass: 1, source: 'configuration', deployments: [] });
const DEMO = model({ id: 'demo', displayName: 'デモモデル', domestic: false, maxInformationClass: 3, source: 'built-in', deployments: [] });

type Wrapper = Awaited<ReturnType<typeof mountWithApp>>['wrapper'];
const byTestId = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${id}"]`);
const posts = (calls: RecordedCall[]) => calls.filter((c) => c.method !== 'GET');

function catalogueApi(extra: Parameters<typeof fakeApi>[0] = {}, state = { providers: [VLLM], models: [PLAMO, ECHO, DEMO] }) {
  return fakeApi({
    'GET /api/admin/provider-types': () => Response.json(TYPES),
    'GET /api/admin/providers': () => Response.json(state.providers),
    'GET /api/admin/models': () => Response.json(state.models),
    'GET /api/admin/organizations': () => Response.json(ORGANIZATIONS),
    ...extra,
  });
}

describe('ModelCatalogPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists providers without their secrets and models with 国産, ceiling, prices and where read-only ones come from', async () => {
    catalogueApi();
    const { wrapper } = await mountWithApp(ModelCatalogPage, { path: '/admin/models' });
    expect(wrapper.find('h1').text()).toBe('モデル管理');
    expect(byTestId(wrapper, 'admin-nav-models').attributes('aria-current')).toBe('page');

    const provider = byTestId(wrapper, 'provider-row-yokosuka-vllm');
    expect(provider.text()).toContain('OpenAI 互換');
    expect(provider.text()).toContain('暗号化して保存（設定済み）');
    expect(wrapper.find('#provider-table caption').text()).toBe('プロバイダー一覧（1件）');

    const plamo = byTestId(wrapper, 'model-row-plamo');
    expect(plamo.find('th').text()).toContain('国産');
    expect(plamo.text()).toContain('機密性2');
    expect(plamo.text()).toMatch(/[￥¥]150/);
    expect(plamo.text()).toContain('yokosuka-vllm / pfnet/plamo-2.0-prime（重み 1・正常）');
    expect(plamo.find('[data-testid="model-edit"]').attributes('aria-label')).toBe('「PLaMo 2.0 Prime」を編集');

    const echo = byTestId(wrapper, 'model-row-echo');
    expect(echo.text()).toContain('設定ファイル');
    expect(echo.find('[data-testid="domestic-badge"]').exists()).toBe(false);
    expect(echo.find('[data-testid="model-edit"]').exists()).toBe(false);
    expect(byTestId(wrapper, 'model-row-demo').text()).toContain('組み込み');
    expect(byTestId(wrapper, 'model-row-demo').find('button').exists()).toBe(false);
  });

  it('checks a new provider before sending it, naming each missing field next to it', async () => {
    const api = catalogueApi();
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'provider-new').trigger('click');
    expect(document.activeElement?.textContent).toBe('プロバイダーを追加');
    await byTestId(wrapper, 'provider-id').setValue('Bad ID');
    await byTestId(wrapper, 'provider-form').trigger('submit');
    await flushPromises();

    expect(posts(api.calls)).toEqual([]);
    expect(byTestId(wrapper, 'provider-id-error').text()).toContain('形式が正しくありません');
    expect(byTestId(wrapper, 'provider-name-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'provider-url-error').text()).toContain('必須です');
    expect(byTestId(wrapper, 'provider-url').attributes('aria-invalid')).toBe('true');
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.attributes('role')).toBe('alert');
    expect(summary.findAll('a').map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['ID: 形式が正しくありません', '#provider-id'],
      ['表示名: 必須です', '#provider-name'],
      ['エンドポイントURL: 必須です', '#provider-url'],
    ]);

    // A type whose endpoint is implied needs no URL, and shows its own settings.
    await byTestId(wrapper, 'provider-type').setValue('bedrock');
    expect(byTestId(wrapper, 'provider-setting-region').exists()).toBe(true);
  });

  it('creates a provider with an encrypted key and forgets the key once saved', async () => {
    const state = { providers: [] as ProviderView[], models: [] as CatalogModelView[] };
    const api = catalogueApi(
      {
        'POST /api/admin/providers': () => {
          state.providers = [VLLM];
          return Response.json(VLLM, { status: 201 });
        },
      },
      state,
    );
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    expect(byTestId(wrapper, 'provider-table').text()).toContain('まだプロバイダーはありません。');
    await byTestId(wrapper, 'provider-new').trigger('click');
    await byTestId(wrapper, 'provider-id').setValue('yokosuka-vllm');
    await byTestId(wrapper, 'provider-name').setValue('横須賀市 vLLM');
    await byTestId(wrapper, 'provider-url').setValue('http://vllm.internal:8000/v1');
    await byTestId(wrapper, 'provider-credential-value').setValue(true);
    const secret = byTestId(wrapper, 'provider-secret');
    expect(secret.attributes('type')).toBe('password');
    await secret.setValue('sk-very-secret');
    await byTestId(wrapper, 'provider-form').trigger('submit');
    await flushPromises();

    expect(posts(api.calls).map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'POST',
        '/api/admin/providers',
        { id: 'yokosuka-vllm', displayName: '横須賀市 vLLM', type: 'openai-compatible', baseUrl: 'http://vllm.internal:8000/v1', settings: {}, credential: { kind: 'value', value: 'sk-very-secret' } },
      ],
    ]);
    expect(byTestId(wrapper, 'provider-form').exists()).toBe(false);
    expect(byTestId(wrapper, 'provider-row-yokosuka-vllm').text()).toContain('設定済み');
    expect(document.body.innerHTML).not.toContain('sk-very-secret');
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「横須賀市 vLLM」を保存しました。');
  });

  it('edits a provider without ever filling in its secret, keeping the stored one unless replaced', async () => {
    const api = catalogueApi({ [`PATCH /api/admin/providers/${VLLM.id}`]: () => Response.json(VLLM) });
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'provider-edit').trigger('click');
    expect(byTestId(wrapper, 'provider-id').exists()).toBe(false);
    expect((byTestId(wrapper, 'provider-credential-keep').element as HTMLInputElement).checked).toBe(true);
    expect(byTestId(wrapper, 'provider-credential').text()).toContain('変更しない（設定済み）');

    await byTestId(wrapper, 'provider-credential-value').setValue(true);
    expect((byTestId(wrapper, 'provider-secret').element as HTMLInputElement).value).toBe('');
    await byTestId(wrapper, 'provider-credential-keep').setValue(true);
    await byTestId(wrapper, 'provider-name').setValue('横須賀市 vLLM（本番）');
    await byTestId(wrapper, 'provider-form').trigger('submit');
    await flushPromises();
    const patch = posts(api.calls)[0];
    expect(patch.body).toEqual({ displayName: '横須賀市 vLLM（本番）', type: 'openai-compatible', baseUrl: 'http://vllm.internal:8000/v1', settings: {} });
  });

  it('shows the API’s validation errors next to the fields, and announces them', async () => {
    catalogueApi({
      'POST /api/admin/providers': () =>
        Response.json(
          {
            statusCode: 400,
            code: 'validation_failed',
            message: '入力内容に誤りがあります。',
            details: [
              { field: 'settings.region', message: 'settings.region: 形式が正しくありません' },
              { field: 'credential', message: 'credential: 暗号化の鍵が設定されていません' },
            ],
          },
          { status: 400 },
        ),
    });
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'provider-new').trigger('click');
    await byTestId(wrapper, 'provider-type').setValue('bedrock');
    await byTestId(wrapper, 'provider-id').setValue('bedrock-tokyo');
    await byTestId(wrapper, 'provider-name').setValue('Bedrock 東京');
    await byTestId(wrapper, 'provider-setting-region').setValue('tokyo');
    await byTestId(wrapper, 'provider-form').trigger('submit');
    await flushPromises();

    const region = byTestId(wrapper, 'provider-setting-region');
    expect(region.attributes('aria-invalid')).toBe('true');
    expect(region.attributes('aria-describedby')).toBe('provider-setting-region-error');
    expect(byTestId(wrapper, 'provider-setting-region-error').text()).toContain('形式が正しくありません');
    const summary = byTestId(wrapper, 'form-error');
    expect(summary.attributes('role')).toBe('alert');
    expect(summary.text()).toContain('入力内容に誤りがあります。');
    expect(summary.text()).toContain('region: 形式が正しくありません');
    expect(summary.text()).toContain('credential: 暗号化の鍵が設定されていません');
    expect(document.activeElement).toBe(summary.element);
  });

  it('adds a model with a deployment, timeouts and an ordered fallback chain', async () => {
    const api = catalogueApi({ 'POST /api/admin/models': (call) => Response.json(model({ ...(call.body as object) }), { status: 201 }) });
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'model-new').trigger('click');
    await byTestId(wrapper, 'model-id').setValue('plamo-lite');
    await byTestId(wrapper, 'model-name').setValue('PLaMo Lite');
    await byTestId(wrapper, 'model-vendor').setValue('Preferred Networks');
    await byTestId(wrapper, 'model-ceiling').setValue('1');
    await byTestId(wrapper, 'deployment-add').trigger('click');
    await byTestId(wrapper, 'deployment-upstream').setValue('pfnet/plamo-lite');
    await byTestId(wrapper, 'deployment-weight').setValue('3');
    await wrapper.find('#deployment-0-first-token').setValue('5000');
    for (const id of ['echo', 'demo']) {
      await byTestId(wrapper, 'fallback-add-select').setValue(id);
      await byTestId(wrapper, 'fallback-add').trigger('click');
    }
    expect(byTestId(wrapper, 'fallback-chain').findAll('li').map((li) => li.find('code').text())).toEqual(['echo', 'demo']);
    await wrapper.find('button[aria-label="デモモデルを上へ"]').trigger('click');
    expect(byTestId(wrapper, 'fallback-chain').findAll('li').map((li) => li.find('code').text())).toEqual(['demo', 'echo']);
    await wrapper.find(`input[value="${ORGANIZATIONS[0].id}"]`).setValue(true);
    await byTestId(wrapper, 'model-form').trigger('submit');
    await flushPromises();

    expect(posts(api.calls)[0].body).toEqual({
      id: 'plamo-lite',
      displayName: 'PLaMo Lite',
      vendor: 'Preferred Networks',
      domestic: true,
      contextLength: 32768,
      maxOutputTokens: 4096,
      inputPricePerMTok: 0,
      outputPricePerMTok: 0,
      currency: 'JPY',
      maxInformationClass: 1,
      capabilities: ['streaming'],
      enabled: true,
      fallbackModelIds: ['demo', 'echo'],
      access: { organizationIds: [ORGANIZATIONS[0].id], roles: [] },
      deployments: [{ providerId: 'yokosuka-vllm', upstreamModel: 'pfnet/plamo-lite', weight: 3, enabled: true, timeouts: { firstTokenMs: 5000 } }],
    });
    expect(byTestId(wrapper, 'model-form').exists()).toBe(false);
  });

  it('refuses a deployment without a model name, and points at that deployment', async () => {
    const api = catalogueApi();
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'model-edit').trigger('click');
    await byTestId(wrapper, 'deployment-add').trigger('click');
    await byTestId(wrapper, 'model-form').trigger('submit');
    await flushPromises();
    expect(posts(api.calls)).toEqual([]);
    expect(wrapper.find('#deployment-1-upstream').attributes('aria-invalid')).toBe('true');
    expect(byTestId(wrapper, 'form-error').text()).toContain('デプロイメント2 プロバイダー側のモデル名: 必須です');
  });

  it('deletes a model only after confirmation and says so', async () => {
    const state = { providers: [VLLM], models: [PLAMO, ECHO] };
    const api = catalogueApi(
      {
        'DELETE /api/admin/models/plamo': () => {
          state.models = [ECHO];
          return new Response(null, { status: 204 });
        },
      },
      state,
    );
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'model-delete').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'confirm-text').text()).toBe('「PLaMo 2.0 Prime」を削除します。元に戻せません。');
    await byTestId(wrapper, 'confirm-accept').trigger('click');
    await flushPromises();
    expect(posts(api.calls).map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /api/admin/models/plamo']);
    expect(byTestId(wrapper, 'model-row-plamo').exists()).toBe(false);
    expect(byTestId(wrapper, 'admin-notice').text()).toBe('「PLaMo 2.0 Prime」を削除しました。');
  });

  it('shows why a provider in use cannot be deleted', async () => {
    catalogueApi({
      [`DELETE /api/admin/providers/${VLLM.id}`]: () =>
        Response.json({ statusCode: 409, code: 'in_use', message: 'プロバイダー yokosuka-vllm は plamo が使用中のため削除できません。' }, { status: 409 }),
    });
    const { wrapper } = await mountWithApp(ModelCatalogPage);
    await byTestId(wrapper, 'provider-delete').trigger('click');
    await flushPromises();
    await byTestId(wrapper, 'confirm-accept').trigger('click');
    await flushPromises();
    expect(byTestId(wrapper, 'action-error').text()).toContain('使用中のため削除できません');
    expect(byTestId(wrapper, 'action-error').attributes('role')).toBe('alert');
  });
});
