import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

const ChatPage = () => import('../features/chat/ChatPage.vue');

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'new-conversation', component: ChatPage },
  { path: '/c/:id', name: 'conversation', component: ChatPage, props: true },
  { path: '/api-keys', name: 'api-keys', component: () => import('../features/api-keys/ApiKeysPage.vue') },
  { path: '/admin', redirect: { name: 'admin-usage' } },
  { path: '/admin/models', name: 'admin-models', component: () => import('../features/admin/ModelCatalogPage.vue') },
  { path: '/admin/quotas', name: 'admin-quotas', component: () => import('../features/admin/QuotasPage.vue') },
  { path: '/admin/usage', name: 'admin-usage', component: () => import('../features/admin/UsagePage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue') },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
}
