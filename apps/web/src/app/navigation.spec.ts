import type { AuthConfigView, Role } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../features/auth/auth.store';
import type { AuthSession } from '../features/auth/keycloak-session';
import { fakeApi } from '../testing/fake-api';
import { mountWithApp, signedInAs } from '../testing/mount-app';
import App from './App.vue';

const CONFIG: AuthConfigView = { url: 'http://id.example.test', realm: 'gennai', clientId: 'gennai-web', developmentProvider: false };
const SESSION: AuthSession = { authenticated: true, accessToken: async () => 'token', signIn: async () => undefined, signOut: async () => undefined };

/** The whole app, signed in with these roles, at `path`. */
async function openApp(roles: Role[], path = '/') {
  const api = fakeApi({
    'GET /api/auth/config': () => Response.json(CONFIG),
    'GET /api/me': () => Response.json(signedInAs(roles)),
    'GET /api/models': () => Response.json([]),
    'GET /api/conversations': () => Response.json({ items: [], nextBefore: null }),
    'GET /api/me/quota': () => Response.json({ allowances: [], rateLimitPerMinute: null }),
    'GET /api/api-keys': () => Response.json([]),
    'GET /api/arena/battles': () => Response.json({ items: [], nextBefore: null, allowance: { limit: 50, usedToday: 0 } }),
    'GET /api/admin/organizations': () => Response.json([]),
    'GET /api/admin/quotas': () => Response.json([]),
    'GET /api/admin/usage': () => Response.json({ groupBy: 'day', from: '2026-10-30', to: '2026-11-28', rows: [], totals: {} }),
    'GET /api/admin/provider-types': () => Response.json([]),
    'GET /api/admin/providers': () => Response.json([]),
    'GET /api/admin/models': () => Response.json([]),
    'GET /api/admin/use-cases': () => Response.json({ items: [], total: 0 }),
    'GET /api/vendor/models': () => Response.json({ vendor: 'Acme AI', exportAvailable: true, models: [] }),
  });
  const mounted = await mountWithApp(App, { me: null, path });
  await useAuthStore().start(async () => SESSION);
  await flushPromises();
  return { ...mounted, api };
}
/** Lets a click's navigation finish: the page's chunk loads, then its data. */
async function settle() {
  await flushPromises();
  await vi.dynamicImportSettled();
  await flushPromises();
}
const menu = (wrapper: Awaited<ReturnType<typeof openApp>>['wrapper']) => wrapper.find('nav[aria-label="メインメニュー"]');

describe('main menu', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers staff the chat and their API keys, and no 管理', async () => {
    const { wrapper } = await openApp(['user']);
    expect(menu(wrapper).findAll('a').map((a) => a.text())).toEqual(['チャット', '比較', 'APIキー', '評価']);
    expect(wrapper.find('[data-testid="nav-chat"]').attributes('aria-current')).toBe('page');
  });

  it('opens 評価 on the model ranking, which every user may read, marking it as the current page', async () => {
    const { wrapper, router } = await openApp(['user']);
    await wrapper.find('[data-testid="nav-evaluation"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('evaluation-leaderboard');
    expect(wrapper.find('[data-testid="nav-evaluation"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="evaluation-nav"]').exists()).toBe(true);
  });

  it('opens 比較 from the menu and marks it as the current page', async () => {
    const { wrapper, router } = await openApp(['user']);
    await wrapper.find('[data-testid="nav-arena"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('arena');
    expect(wrapper.find('[data-testid="nav-arena"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="nav-chat"]').attributes('aria-current')).toBeUndefined();
    expect(wrapper.find('h1').text()).toBe('比較する');
  });

  it('tells staff who open an admin address that it is not for them, and asks the API for nothing of it', async () => {
    const { wrapper, api } = await openApp(['user'], '/admin/models');
    expect(api.calls.filter((c) => c.path.startsWith('/api/admin'))).toEqual([]);
    expect(wrapper.find('[data-testid="forbidden"] h1').text()).toBe('表示する権限がありません');
    expect(wrapper.find('[data-testid="provider-table"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('forbidden-heading');
  });

  it('offers platform administrators 管理, opening モデル管理, and marks where they are', async () => {
    const { wrapper, router } = await openApp(['user', 'platform_admin']);
    expect(menu(wrapper).findAll('a').map((a) => a.text())).toEqual(['チャット', '比較', 'APIキー', '評価', '管理']);

    await wrapper.find('[data-testid="nav-admin"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('admin-models');
    expect(wrapper.find('[data-testid="nav-admin"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="nav-chat"]').attributes('aria-current')).toBeUndefined();
    expect(wrapper.find('h1').text()).toBe('モデル管理');
    expect(document.activeElement).toBe(wrapper.find('h1').element);

    await wrapper.find('[data-testid="admin-nav-quotas"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="nav-admin"]').attributes('aria-current')).toBe('true');
    expect(wrapper.find('[data-testid="admin-nav-quotas"]').attributes('aria-current')).toBe('page');
    expect(document.title).toBe('利用上限 - 源内 Gennai');
  });

  it('sends organisation administrators to 利用状況 and keeps モデル管理 from them', async () => {
    const { wrapper, router } = await openApp(['user', 'org_admin']);
    await wrapper.find('[data-testid="nav-admin"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('admin-usage');
    expect(wrapper.find('[data-testid="admin-nav"]').findAll('a').map((a) => a.text())).toEqual(['組織', '利用上限', '利用状況', 'ユースケース登録簿', 'CAIOダッシュボード', '訴訟ホールド', 'タスク分類']);

    await router.push('/admin/models');
    await settle();
    expect(wrapper.find('[data-testid="forbidden"]').exists()).toBe(true);
  });

  it('offers auditors 監査ログ and the governance pages of 管理, and nothing they cannot open', async () => {
    const { wrapper, router } = await openApp(['user', 'auditor']);
    expect(menu(wrapper).findAll('a').map((a) => a.text())).toEqual(['チャット', '比較', 'APIキー', '評価', '監査ログ', '管理']);
    await wrapper.find('[data-testid="nav-admin"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('admin-use-cases');
    expect(wrapper.find('[data-testid="admin-nav"]').findAll('a').map((a) => a.text())).toEqual(['ユースケース登録簿', 'CAIOダッシュボード', '訴訟ホールド']);

    await router.push('/admin/quotas');
    await settle();
    expect(wrapper.find('[data-testid="forbidden"]').exists()).toBe(true);
  });

  it("opens vendors' staff on ベンダー向け, with no chat or history to fail on", async () => {
    const { wrapper, router, api } = await openApp(['vendor']);
    await settle();
    expect(router.currentRoute.value.name).toBe('vendor-feedback');
    expect(menu(wrapper).findAll('a').map((a) => a.text())).toEqual(['ベンダー向け']);
    expect(api.calls.map((call) => call.path)).not.toContainEqual(expect.stringContaining('/api/conversations'));
  });
});
