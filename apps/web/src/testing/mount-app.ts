import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { routes } from '../app/router';
import { i18n, setLocale } from '../i18n';

/**
 * Mounts a component with what the real app installs: the real i18n catalogues (Japanese),
 * a fresh Pinia and the app's routes in memory.
 */
export async function mountWithApp(component: Component, options: { props?: Record<string, unknown>; path?: string } = {}) {
  setLocale('ja');
  const pinia = createPinia();
  setActivePinia(pinia);
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
