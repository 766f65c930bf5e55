import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

const ChatPage = () => import('../features/chat/ChatPage.vue');

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'new-conversation', component: ChatPage },
  { path: '/c/:id', name: 'conversation', component: ChatPage, props: true },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue') },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
}
