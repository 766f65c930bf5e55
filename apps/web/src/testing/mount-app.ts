import type { MeView, Role } from '@gennai/contracts';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { routes } from '../app/router';
import { useAuthStore } from '../features/auth/auth.store';
import { i18n, setLocale } from '../i18n';

/** A signed-in user of 横須賀市 with these roles. */
export function signedInAs(roles: Role[]): MeView {
  return {
    id: '0193a000-0000-7000-8000-0000000000b1',
    username: 'sato',
    displayName: '佐藤 花子',
    email: null,
    organization: { id: '0193a000-0000-7000-8000-00000000000a', slug: 'yokosuka-city', name: '横須賀市' },
    unit: { id: '0193a000-0000-7000-8000-00000000000c', name: '市民課' },
    roles,
    piiSettings: { piiPolicy: 'warn', confidentialClassEnabled: true },
  };
}

/**
 * Mounts a component with what the real app installs: the real i18n catalogues (Japanese),
 * a fresh Pinia and the app's routes in memory. `me` signs a user in (a platform administrator by default).
 */
export async function mountWithApp(component: Component, options: { props?: Record<string, unknown>; path?: string; me?: MeView | null } = {}) {
  setLocale('ja');
  const pinia = createPinia();
  setActivePinia(pinia);
  if (options.me !== null) useAuthStore(pinia).me = options.me ?? signedInAs(['user', 'platform_admin']);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(options.path ?? '/');
  await router.isReady();
  const wrapper = mount(component, {
    props: options.props as never,
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router] },
  });
  await flushPromises();
  return { wrapper, router, pinia };
}
