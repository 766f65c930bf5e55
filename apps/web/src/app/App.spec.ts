import type { AuthConfigView, ConversationPageView, MeView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../features/auth/auth.store';
import { useHistoryStore } from '../features/history/history.store';
import type { AuthSession } from '../features/auth/keycloak-session';
import { fakeApi } from '../testing/fake-api';
import { mountWithApp } from '../testing/mount-app';
import { setLocale } from '../i18n';
import App from './App.vue';

const CONFIG: AuthConfigView = { url: 'http://id.example.test', realm: 'gennai', clientId: 'gennai-web', developmentProvider: true };
const ME: MeView = {
  id: 'u1',
  username: 'tanaka',
  displayName: '田中 花子',
  email: null,
  organization: { id: 'o1', slug: 'yokosuka-city', name: '横須賀市' },
  unit: null,
  roles: ['user'],
  piiSettings: { piiPolicy: 'warn', confidentialClassEnabled: false },
};
const PAGE: ConversationPageView = {
  items: [{ id: '0193a000-0000-7000-8000-00000000000c', title: '子育て支援の制度', modelId: 'demo', informationClass: 2, taskCategory: 'qa', createdAt: '2026-11-28T10:00:00.000Z', updatedAt: '2026-11-28T10:00:00.000Z' }],
  nextBefore: null,
};

/** Stands in for keycloak-js, which needs a real identity provider (covered by the e2e journey). */
function fakeSession(authenticated: boolean) {
  const actions: string[] = [];
  const session: AuthSession = {
    authenticated,
    accessToken: async () => (authenticated ? 'token-from-session' : null),
    signIn: async () => void actions.push('signIn'),
    signOut: async () => void actions.push('signOut'),
  };
  return { actions, start: async () => session };
}

async function mountApp(authenticated: boolean, config: AuthConfigView = CONFIG) {
  const api = fakeApi({
    'GET /api/auth/config': () => Response.json(config),
    'GET /api/me': () => Response.json(ME),
    'GET /api/models': () => Response.json([{ id: 'demo', label: 'デモモデル', provider: 'demo', demo: true }]),
    'GET /api/conversations': () => Response.json(PAGE),
  });
  const session = fakeSession(authenticated);
  const mounted = await mountWithApp(App);
  await useAuthStore().start(session.start);
  await flushPromises();
  return { ...mounted, api, session };
}

describe('App', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    document.body.innerHTML = '';
    setLocale('ja');
  });

  it('offers sign-in to a visitor, and says when the development sign-in server is in use', async () => {
    const { wrapper, session } = await mountApp(false);
    expect(wrapper.get('h1').text()).toBe('源内 Gennai');
    expect(wrapper.get('main').text()).toContain('行政機関の職員のための生成AIチャットサービスです');
    expect(wrapper.get('[data-testid="development-provider"]').text()).toContain('開発用の認証サーバーで動作中');
    await wrapper.get('[data-testid="sign-in"]').trigger('click');
    expect(session.actions).toEqual(['signIn']);
    expect(wrapper.find('[data-testid="sign-out"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says that Keycloak cannot be reached when the sign-in server does not answer', async () => {
    fakeApi({ 'GET /api/auth/config': () => Response.json({ ...CONFIG, developmentProvider: false }) });
    const mounted = await mountWithApp(App);
    await useAuthStore().start(async () => {
      throw new TypeError('Failed to fetch');
    });
    await flushPromises();
    expect(mounted.wrapper.get('[role="alert"]').text()).toContain('認証サーバー（Keycloak）に接続できない');
    mounted.wrapper.unmount();
  });

  it('shows why sign-in was refused when the organisation is not registered', async () => {
    const refusal = 'The organisation "x-city" is not registered in Gennai, so you cannot sign in. Ask the platform administrators to register it.';
    fakeApi({
      'GET /api/auth/config': () => Response.json(CONFIG),
      'GET /api/me': () => Response.json({ statusCode: 403, code: 'organization_not_registered', message: refusal }, { status: 403 }),
    });
    const mounted = await mountWithApp(App);
    await useAuthStore().start(fakeSession(true).start);
    await flushPromises();
    expect(mounted.wrapper.get('[role="alert"]').text()).toBe(refusal);
    mounted.wrapper.unmount();
  });

  it('has no development notice with a real identity provider', async () => {
    const { wrapper } = await mountApp(false, { ...CONFIG, developmentProvider: false });
    expect(wrapper.find('[data-testid="development-provider"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows who is signed in, their history and the landmarks, and signs out', async () => {
    const { wrapper, api, session } = await mountApp(true);
    expect(wrapper.get('header').text()).toContain('田中 花子');
    expect(wrapper.get('header').text()).toContain('横須賀市');
    expect(wrapper.find('nav').exists()).toBe(true);
    expect(wrapper.get('main').attributes('id')).toBe('main');
    expect(wrapper.get('[data-testid="conversation-item"]').text()).toContain('子育て支援の制度');
    expect(api.calls.find((c) => c.path.startsWith('/api/conversations'))?.path).toBe('/api/conversations?limit=30');
    expect(api.calls.find((c) => c.path === '/api/me')?.headers.get('Authorization')).toBe('Bearer token-from-session');

    await wrapper.get('[data-testid="sign-out"]').trigger('click');
    expect(session.actions).toEqual(['signOut']);
    wrapper.unmount();
  });

  it('starts with a skip link that moves focus to the main content', async () => {
    const { wrapper } = await mountApp(true);
    const skip = wrapper.get('a.skip-link');
    expect(wrapper.element.parentElement?.querySelector('a, button, select, textarea')).toBe(skip.element);
    expect(skip.text()).toBe('本文へ移動');
    await skip.trigger('click');
    expect(document.activeElement?.id).toBe('main');
    wrapper.unmount();
  });

  it('switches the language, remembers it and sets <html lang>', async () => {
    const { wrapper, api } = await mountApp(true);
    await wrapper.get('[data-testid="language-select"]').setValue('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('gennai.locale')).toBe('en');
    expect(wrapper.get('[data-testid="sign-out"]').text()).toBe('Sign out');
    expect(wrapper.get('[data-testid="new-conversation"]').text()).toContain('New conversation');

    api.calls.length = 0;
    await useHistoryStore().loadFirstPage();
    expect(api.calls[0].headers.get('Accept-Language')).toBe('en');
    wrapper.unmount();
  });
});
