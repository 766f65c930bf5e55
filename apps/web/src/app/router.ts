import type { Role } from '@gennai/contracts';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles of which the user needs one to see the page (the API enforces the same on every call). */
    roles?: Role[];
  }
}

const ChatPage = () => import('../features/chat/ChatPage.vue');
const ADMINS: Role[] = ['platform_admin', 'org_admin'];

/** Every page but the chat is its own chunk, loaded when first opened (ECharts only with 利用状況). */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'new-conversation', component: ChatPage },
  { path: '/c/:id', name: 'conversation', component: ChatPage, props: true },
  { path: '/arena', name: 'arena', component: () => import('../features/arena/ArenaPage.vue'), meta: { roles: ['user'] } },
  { path: '/api-keys', name: 'api-keys', component: () => import('../features/api-keys/ApiKeysPage.vue') },
  { path: '/admin', name: 'admin', redirect: { name: 'admin-usage' }, meta: { roles: ADMINS } },
  { path: '/admin/models', name: 'admin-models', component: () => import('../features/admin/ModelCatalogPage.vue'), meta: { roles: ['platform_admin'] } },
  { path: '/admin/organizations', name: 'admin-organizations', component: () => import('../features/organizations/OrganizationsPage.vue'), meta: { roles: ADMINS } },
  { path: '/admin/quotas', name: 'admin-quotas', component: () => import('../features/admin/QuotasPage.vue'), meta: { roles: ADMINS } },
  { path: '/admin/usage', name: 'admin-usage', component: () => import('../features/admin/UsagePage.vue'), meta: { roles: ADMINS } },
  { path: '/admin/use-cases', name: 'admin-use-cases', component: () => import('../features/governance/UseCasesPage.vue'), meta: { roles: [...ADMINS, 'auditor'] } },
  { path: '/admin/legal-holds', name: 'admin-legal-holds', component: () => import('../features/retention/LegalHoldsPage.vue'), meta: { roles: [...ADMINS, 'auditor'] } },
  { path: '/admin/caio', name: 'admin-caio', component: () => import('../features/governance/CaioPage.vue'), meta: { roles: [...ADMINS, 'auditor'] } },
  { path: '/admin/task-categories', name: 'admin-task-categories', component: () => import('../features/task-categories/TaskCategoriesPage.vue'), meta: { roles: [...ADMINS, 'evaluator'] } },
  { path: '/vendor', name: 'vendor-feedback', component: () => import('../features/vendor/VendorFeedbackPage.vue'), meta: { roles: ['vendor'] } },
  { path: '/audit', name: 'audit-log', component: () => import('../features/audit/AuditLogPage.vue'), meta: { roles: ['auditor'] } },
  { path: '/evaluation', name: 'evaluation', redirect: { name: 'evaluation-leaderboard' } },
  { path: '/evaluation/leaderboard', name: 'evaluation-leaderboard', component: () => import('../features/leaderboard/LeaderboardPage.vue') },
  { path: '/evaluation/surveys', name: 'evaluation-surveys', component: () => import('../features/surveys/SurveysPage.vue'), meta: { roles: ['evaluator', 'platform_admin', 'org_admin'] } },
  { path: '/evaluation/surveys/new', name: 'evaluation-survey-new', component: () => import('../features/surveys/SurveyEditorPage.vue'), meta: { roles: ['evaluator', 'platform_admin'] } },
  { path: '/evaluation/surveys/:id/edit', name: 'evaluation-survey-edit', component: () => import('../features/surveys/SurveyEditorPage.vue'), props: true, meta: { roles: ['evaluator', 'platform_admin'] } },
  { path: '/evaluation/surveys/:id/results', name: 'evaluation-survey-results', component: () => import('../features/surveys/SurveyResultsPage.vue'), props: true, meta: { roles: ['evaluator', 'platform_admin', 'org_admin'] } },
  { path: '/evaluation/report', name: 'evaluation-report', component: () => import('../features/evaluation-report/EvaluationReportPage.vue'), meta: { roles: ['evaluator', 'platform_admin'] } },
  { path: '/evaluation/analytics', name: 'evaluation-analytics', component: () => import('../features/analytics/AnalyticsPage.vue'), meta: { roles: ['evaluator', 'platform_admin', 'org_admin'] } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue') },
];

/** Whether a user with these roles may open a route (the API enforces the same on every call). */
export function mayOpen(required: Role[] | undefined, roles: readonly Role[]): boolean {
  return !required || required.some((role) => roles.includes(role));
}

export function createAppRouter() {
  return createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
}
