import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import type {
  ApiKeyView,
  BattleView,
  ConversationDetailView,
  CreatedApiKeyView,
  CreateUseCaseRequest,
  LegalHoldView,
  MeView,
  QuotaRuleView,
  UseCaseView,
} from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/database/uuid-v7';
import { routeTable } from '../src/identity/route-table';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';
import type { TestUserName } from './support/test-users';

/**
 * The isolation matrix (issue #4, item 3): real Keycloak users of two organisations — デジタル庁 (A: alice, carol the
 * org_admin, erin the auditor) and 横須賀市 (B: bob, grace the org_admin, heidi the auditor). A's people create one of
 * every resource; B's people then try every route of the API on them — read, list, update, delete, rate, export.
 *
 * Every answer B gets is checked for A's ids and A's text (none may appear unless B sent it), and every request that
 * names one of A's resources must answer exactly as it does for an id that does not exist: the 404 a stranger gets,
 * so that not even the existence of A's data leaks. The routes come from the controllers themselves: a new route
 * without a row here fails the first test.
 */

/** What A owns, by name; filled in beforeAll. */
interface OrganizationA {
  organizationId: string;
  aliceId: string;
  conversationId: string;
  questionId: string;
  answerId: string;
  apiKeyId: string;
  quotaRuleId: string;
  useCaseId: string;
  legalHoldId: string;
  battleId: string;
}

/** A survey id no survey has (surveys are not organisation data: the probes test the organisation filter and roles). */
const NO_SURVEY = '00000000-0000-4000-8000-00000000a11e';

/** Text only A's people wrote: none of it may reach B. */
const NONCE = uuidv7().slice(-12);
const A_TEXT = {
  question: `デジタル庁の内部メモ ${NONCE} について要約して`,
  apiKeyName: `A専用キー-${NONCE}`,
  useCaseTitle: `A庁の内部審査-${NONCE}`,
  legalHoldReason: `A庁の訴訟対応-${NONCE}`,
  battlePrompt: `A庁の内部文書を比較して ${NONCE}`,
};

interface Probe {
  /** Who in B calls. */
  as: TestUserName;
  method: string;
  /** The path (with query) and body, given A's ids. */
  path: (a: OrganizationA) => string;
  body?: (a: OrganizationA) => unknown;
  /**
   * `absent`: names one of A's resources; must answer 404 exactly as for a random id.
   * `scoped`: lists or acts within the caller's own organisation; 2xx, and nothing of A's in the answer.
   * `denied`: the caller's role may not call the route at all; the same 403 for A's ids as for random ones.
   */
  expect: 'absent' | 'scoped' | 'denied';
  /** For `scoped` reads: A's own caller sees this id at the same path, so an empty answer is not why B sees none. */
  control?: { as: TestUserName; sees: (a: OrganizationA) => string };
}

const USE_CASE: CreateUseCaseRequest = {
  title: A_TEXT.useCaseTitle,
  purpose: '庁内の審査書類の下書きを作り、担当者が確認する。',
  audience: 'staff',
  workNature: 'internal_admin',
  confidentialDataInput: false,
  vendorTrainingUse: 'none',
  humanReview: true,
  ownerName: '佐藤 アリス',
};

/** Every route of the API → what B tries on it. `[]` with a reason in EXEMPT for routes that hold nothing of anyone's. */
const MATRIX: Record<string, Probe[]> = {
  // ---- conversations and messages (user) ----
  'GET /api/conversations': [
    { as: 'bob', method: 'GET', path: () => '/api/conversations?limit=100', expect: 'scoped', control: { as: 'alice', sees: (a) => a.conversationId } },
    { as: 'grace', method: 'GET', path: () => '/api/conversations?limit=100', expect: 'scoped' },
  ],
  'POST /api/conversations': [{ as: 'bob', method: 'POST', path: () => '/api/conversations', body: () => ({ modelId: 'echo' }), expect: 'scoped' }],
  'GET /api/conversations/:id': [
    { as: 'bob', method: 'GET', path: (a) => `/api/conversations/${a.conversationId}`, expect: 'absent' },
    { as: 'grace', method: 'GET', path: (a) => `/api/conversations/${a.conversationId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: (a) => `/api/conversations/${a.conversationId}`, expect: 'absent' },
  ],
  'POST /api/conversations/:id/messages': [
    { as: 'bob', method: 'POST', path: (a) => `/api/conversations/${a.conversationId}/messages`, body: () => ({ content: '続きを教えて' }), expect: 'absent' },
  ],
  'POST /api/conversations/:id/messages/:messageId/retry': [
    { as: 'bob', method: 'POST', path: (a) => `/api/conversations/${a.conversationId}/messages/${a.answerId}/retry`, body: () => ({}), expect: 'absent' },
  ],
  'PUT /api/messages/:messageId/rating': [
    { as: 'bob', method: 'PUT', path: (a) => `/api/messages/${a.answerId}/rating`, body: () => ({ value: 'dislike', comment: '荒らし' }), expect: 'absent' },
    { as: 'grace', method: 'PUT', path: (a) => `/api/messages/${a.answerId}/rating`, body: () => ({ value: 'like' }), expect: 'absent' },
  ],
  'DELETE /api/messages/:messageId/rating': [{ as: 'bob', method: 'DELETE', path: (a) => `/api/messages/${a.answerId}/rating`, expect: 'absent' }],
  'GET /api/me': [{ as: 'bob', method: 'GET', path: () => '/api/me', expect: 'scoped' }],
  // ---- blind battles (user) ----
  'POST /api/arena/battles': [{ as: 'bob', method: 'POST', path: () => '/api/arena/battles', body: () => ({ prompt: '比較してください', informationClass: 1 }), expect: 'scoped' }],
  'GET /api/arena/battles': [
    { as: 'bob', method: 'GET', path: () => '/api/arena/battles?limit=100', expect: 'scoped', control: { as: 'alice', sees: (a) => a.battleId } },
    { as: 'grace', method: 'GET', path: () => '/api/arena/battles?limit=100', expect: 'scoped' },
  ],
  'GET /api/arena/battles/:id': [
    { as: 'bob', method: 'GET', path: (a) => `/api/arena/battles/${a.battleId}`, expect: 'absent' },
    { as: 'grace', method: 'GET', path: (a) => `/api/arena/battles/${a.battleId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: (a) => `/api/arena/battles/${a.battleId}`, expect: 'absent' },
  ],
  'POST /api/arena/battles/:id/vote': [
    { as: 'bob', method: 'POST', path: (a) => `/api/arena/battles/${a.battleId}/vote`, body: () => ({ winner: 'a' }), expect: 'absent' },
  ],
  'GET /api/me/quota': [{ as: 'bob', method: 'GET', path: () => '/api/me/quota', expect: 'scoped' }],
  'GET /api/models': [{ as: 'bob', method: 'GET', path: () => '/api/models', expect: 'scoped' }],

  // ---- personal API keys (user) ----
  'GET /api/api-keys': [{ as: 'bob', method: 'GET', path: () => '/api/api-keys', expect: 'scoped', control: { as: 'alice', sees: (a) => a.apiKeyId } }],
  'POST /api/api-keys': [{ as: 'bob', method: 'POST', path: () => '/api/api-keys', body: () => ({ name: 'B のキー' }), expect: 'scoped' }],
  'DELETE /api/api-keys/:id': [
    { as: 'bob', method: 'DELETE', path: (a) => `/api/api-keys/${a.apiKeyId}`, expect: 'absent' },
    { as: 'grace', method: 'DELETE', path: (a) => `/api/api-keys/${a.apiKeyId}`, expect: 'absent' },
  ],

  // ---- quotas and usage (org_admin) ----
  'GET /api/admin/quotas': [{ as: 'grace', method: 'GET', path: () => '/api/admin/quotas', expect: 'scoped', control: { as: 'carol', sees: (a) => a.quotaRuleId } }],
  'PUT /api/admin/quotas': [
    {
      as: 'grace',
      method: 'PUT',
      path: () => '/api/admin/quotas',
      body: (a) => ({ scope: 'organization', organizationId: a.organizationId, period: 'day', maxRequests: 0, maxTokens: null }),
      expect: 'absent',
    },
  ],
  'DELETE /api/admin/quotas/:id': [{ as: 'grace', method: 'DELETE', path: (a) => `/api/admin/quotas/${a.quotaRuleId}`, expect: 'absent' }],
  'GET /api/admin/usage': [
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/usage?groupBy=organization&organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'grace', method: 'GET', path: () => '/api/admin/usage?groupBy=organization', expect: 'scoped', control: { as: 'carol', sees: (a) => a.organizationId } },
  ],

  // ---- audit (auditor) ----
  'GET /api/audit/entries': [
    { as: 'heidi', method: 'GET', path: (a) => `/api/audit/entries?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: () => '/api/audit/entries?limit=200', expect: 'scoped', control: { as: 'erin', sees: (a) => a.conversationId } },
    { as: 'heidi', method: 'GET', path: (a) => `/api/audit/entries?targetId=${a.conversationId}`, expect: 'scoped' },
  ],
  'GET /api/audit/export': [
    { as: 'heidi', method: 'GET', path: (a) => `/api/audit/export?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: () => '/api/audit/export?format=csv', expect: 'scoped', control: { as: 'erin', sees: (a) => a.conversationId } },
  ],
  'POST /api/audit/verify': [
    { as: 'heidi', method: 'POST', path: () => '/api/audit/verify', body: (a) => ({ organizationId: a.organizationId }), expect: 'absent' },
    { as: 'heidi', method: 'POST', path: () => '/api/audit/verify', body: () => ({}), expect: 'scoped', control: { as: 'erin', sees: (a) => a.organizationId } },
  ],

  // ---- the organisation tree (org_admin) ----
  'GET /api/admin/organizations': [
    { as: 'grace', method: 'GET', path: () => '/api/admin/organizations', expect: 'scoped', control: { as: 'carol', sees: (a) => a.organizationId } },
  ],
  'POST /api/admin/organizations': [
    { as: 'grace', method: 'POST', path: () => '/api/admin/organizations', body: (a) => ({ kind: 'unit', name: '潜入課', parentId: a.organizationId }), expect: 'denied' },
  ],
  'GET /api/admin/organizations/:id': [{ as: 'grace', method: 'GET', path: (a) => `/api/admin/organizations/${a.organizationId}`, expect: 'absent' }],
  'PATCH /api/admin/organizations/:id': [
    { as: 'grace', method: 'PATCH', path: (a) => `/api/admin/organizations/${a.organizationId}`, body: () => ({ settings: { piiPolicy: 'warn' } }), expect: 'absent' },
  ],
  'DELETE /api/admin/organizations/:id': [{ as: 'grace', method: 'DELETE', path: (a) => `/api/admin/organizations/${a.organizationId}`, expect: 'denied' }],
  'GET /api/admin/organizations/:id/members': [
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/organizations/${a.organizationId}/members`, expect: 'absent' },
  ],
  'GET /api/admin/organizations/:id/models': [
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/organizations/${a.organizationId}/models`, expect: 'absent' },
  ],

  // ---- the use-case register and the CAIO view (org_admin, auditor) ----
  'GET /api/admin/use-cases': [
    { as: 'grace', method: 'GET', path: () => '/api/admin/use-cases', expect: 'scoped', control: { as: 'carol', sees: (a) => a.useCaseId } },
    { as: 'heidi', method: 'GET', path: () => `/api/admin/use-cases?q=${encodeURIComponent(NONCE)}`, expect: 'scoped' },
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/use-cases?organizationId=${a.organizationId}`, expect: 'absent' },
  ],
  'POST /api/admin/use-cases': [
    { as: 'grace', method: 'POST', path: () => '/api/admin/use-cases', body: (a) => ({ ...USE_CASE, title: '越境登録', organizationId: a.organizationId }), expect: 'absent' },
  ],
  'GET /api/admin/use-cases/:id': [
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/use-cases/${a.useCaseId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: (a) => `/api/admin/use-cases/${a.useCaseId}`, expect: 'absent' },
  ],
  'PATCH /api/admin/use-cases/:id': [
    { as: 'grace', method: 'PATCH', path: (a) => `/api/admin/use-cases/${a.useCaseId}`, body: () => ({ title: '書き換え' }), expect: 'absent' },
  ],
  'POST /api/admin/use-cases/:id/retire': [
    { as: 'grace', method: 'POST', path: (a) => `/api/admin/use-cases/${a.useCaseId}/retire`, body: () => ({}), expect: 'absent' },
  ],
  'GET /api/admin/caio/summary': [
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/caio/summary?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'heidi', method: 'GET', path: () => '/api/admin/caio/summary', expect: 'scoped', control: { as: 'erin', sees: (a) => a.organizationId } },
  ],

  // ---- legal holds (org_admin, auditor) ----
  'GET /api/admin/legal-holds': [
    { as: 'grace', method: 'GET', path: () => '/api/admin/legal-holds', expect: 'scoped', control: { as: 'carol', sees: (a) => a.legalHoldId } },
    { as: 'heidi', method: 'GET', path: () => '/api/admin/legal-holds', expect: 'scoped' },
    { as: 'grace', method: 'GET', path: (a) => `/api/admin/legal-holds?organizationId=${a.organizationId}`, expect: 'absent' },
  ],
  'POST /api/admin/legal-holds': [
    { as: 'grace', method: 'POST', path: () => '/api/admin/legal-holds', body: (a) => ({ subject: 'conversation', subjectId: a.conversationId, reason: '越境' }), expect: 'absent' },
    { as: 'grace', method: 'POST', path: () => '/api/admin/legal-holds', body: (a) => ({ subject: 'user', subjectId: a.aliceId, reason: '越境' }), expect: 'absent' },
  ],
  'POST /api/admin/legal-holds/:id/release': [
    { as: 'grace', method: 'POST', path: (a) => `/api/admin/legal-holds/${a.legalHoldId}/release`, body: () => ({}), expect: 'absent' },
  ],

  // ---- task categories (org_admin, evaluator) ----
  'GET /api/evaluation/analytics': [
    { as: 'grace', method: 'GET', path: (a) => `/api/evaluation/analytics?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'bob', method: 'GET', path: () => '/api/evaluation/analytics', expect: 'denied' },
  ],
  // The platform-wide ranking is every user's; an organisation's is the evaluators' and its administrators'.
  'GET /api/evaluation/leaderboard': [
    { as: 'grace', method: 'GET', path: (a) => `/api/evaluation/leaderboard?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'bob', method: 'GET', path: (a) => `/api/evaluation/leaderboard?organizationId=${a.organizationId}`, expect: 'denied' },
  ],
  'GET /api/evaluation/organizations': [
    { as: 'grace', method: 'GET', path: () => '/api/evaluation/organizations', expect: 'scoped', control: { as: 'carol', sees: (a) => a.organizationId } },
    { as: 'bob', method: 'GET', path: () => '/api/evaluation/organizations', expect: 'denied' },
  ],
  // ---- surveys (evaluator; results also org_admin). Surveys belong to the platform; their responses to organisations.
  // The organisation filter is checked before the survey is looked up, so a survey that does not exist probes it.
  'GET /api/evaluation/surveys/:id/results': [
    { as: 'grace', method: 'GET', path: (a) => `/api/evaluation/surveys/${NO_SURVEY}/results?organizationId=${a.organizationId}`, expect: 'absent' },
    { as: 'bob', method: 'GET', path: () => `/api/evaluation/surveys/${NO_SURVEY}/results`, expect: 'denied' },
  ],
  'GET /api/evaluation/surveys': [{ as: 'grace', method: 'GET', path: () => '/api/evaluation/surveys', expect: 'scoped' }],
  'POST /api/evaluation/surveys': [{ as: 'grace', method: 'POST', path: () => '/api/evaluation/surveys', body: () => ({}), expect: 'denied' }],
  'GET /api/evaluation/surveys/:id': [{ as: 'grace', method: 'GET', path: () => `/api/evaluation/surveys/${NO_SURVEY}`, expect: 'absent' }],
  'PUT /api/evaluation/surveys/:id': [{ as: 'grace', method: 'PUT', path: () => `/api/evaluation/surveys/${NO_SURVEY}`, body: () => ({}), expect: 'denied' }],
  'DELETE /api/evaluation/surveys/:id': [{ as: 'grace', method: 'DELETE', path: () => `/api/evaluation/surveys/${NO_SURVEY}`, expect: 'denied' }],
  'POST /api/evaluation/surveys/:id/publish': [{ as: 'grace', method: 'POST', path: () => `/api/evaluation/surveys/${NO_SURVEY}/publish`, expect: 'denied' }],
  'POST /api/evaluation/surveys/:id/close': [{ as: 'grace', method: 'POST', path: () => `/api/evaluation/surveys/${NO_SURVEY}/close`, expect: 'denied' }],
  'GET /api/surveys/pending': [{ as: 'bob', method: 'GET', path: () => '/api/surveys/pending', expect: 'scoped' }],
  'GET /api/evaluation/task-categories': [
    { as: 'grace', method: 'GET', path: () => '/api/evaluation/task-categories?limit=100', expect: 'scoped', control: { as: 'carol', sees: (a) => a.conversationId } },
    { as: 'grace', method: 'GET', path: (a) => `/api/evaluation/task-categories?organizationId=${a.organizationId}`, expect: 'absent' },
  ],
  'GET /api/evaluation/task-categories/counts': [
    { as: 'grace', method: 'GET', path: (a) => `/api/evaluation/task-categories/counts?organizationId=${a.organizationId}`, expect: 'absent' },
  ],
  'PUT /api/evaluation/task-categories/:kind/:id': [
    { as: 'grace', method: 'PUT', path: (a) => `/api/evaluation/task-categories/conversation/${a.conversationId}`, body: () => ({ category: 'coding' }), expect: 'absent' },
    { as: 'bob', method: 'PUT', path: (a) => `/api/evaluation/task-categories/conversation/${a.conversationId}`, body: () => ({ category: 'coding' }), expect: 'denied' },
  ],
};

/** Routes that hold nothing any organisation owns, and why; still listed, so a new route must be placed somewhere. */
const EXEMPT: Record<string, string> = {
  'GET /api/auth/config': 'public sign-in settings',
  'GET /healthz': 'public liveness probe',
  'GET /readyz': 'public readiness probe',
  'GET /v1/models': 'the platform catalogue as the caller may use it (GET /api/models is probed)',
  'POST /v1/chat/completions': 'names no stored resource: a model and messages the caller sends',
  'GET /api/admin/provider-types': 'platform catalogue (platform_admin only)',
  'GET /api/admin/providers': 'platform catalogue (platform_admin only)',
  'POST /api/admin/providers': 'platform catalogue (platform_admin only)',
  'PATCH /api/admin/providers/:id': 'platform catalogue (platform_admin only)',
  'DELETE /api/admin/providers/:id': 'platform catalogue (platform_admin only)',
  'GET /api/admin/models': 'platform catalogue (platform_admin only)',
  'POST /api/admin/models': 'platform catalogue (platform_admin only)',
  'PATCH /api/admin/models/:id': 'platform catalogue (platform_admin only)',
  'DELETE /api/admin/models/:id': 'platform catalogue (platform_admin only)',
  // Vendor routes read across organisations by design: scoped to the caller's vendor and each organisation's sharing
  // policy instead, and tested as such in vendor-export.int-spec.ts (other vendor's model → 404, `none` → absent).
  'POST /api/surveys/:id/responses': 'answers go to platform-wide surveys, anonymously; audience, period and double answers: surveys.int-spec.ts',
  'POST /api/surveys/:id/dismiss': 'declines a platform-wide survey for the caller only; audience and period: surveys.int-spec.ts',
  // Evaluation reports are platform-wide aggregates with nothing per organisation or person in them, for evaluators and
  // platform administrators only (org_admin and user → 403, the bundle identifies nobody: evaluation-report.int-spec.ts).
  'POST /api/evaluation/reports/bundle': 'platform-wide anonymous aggregates, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'POST /api/evaluation/reports': 'platform-wide anonymous aggregates, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/evaluation/reports/:id': 'a platform-wide report, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/evaluation/reports/:id/report.html': 'a platform-wide report, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/evaluation/reports/:id/report.json': 'a platform-wide report, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/evaluation/reports/:id/tables/:table.csv': 'a platform-wide report, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/evaluation/reports/:id/bundle.jsonl': 'a platform-wide anonymous bundle, evaluator/platform_admin only: evaluation-report.int-spec.ts',
  'GET /api/vendor/models': "vendor-scoped (the caller vendor's models), not organisation-scoped: vendor-export.int-spec.ts",
  'GET /api/vendor/feedback/export': "vendor-scoped (the caller vendor's models), not organisation-scoped: vendor-export.int-spec.ts",
};

/** Every controller class under src/, found the way route-access.spec.ts checks its own list. */
async function controllers(): Promise<Type[]> {
  const src = join(__dirname, '../src');
  const files = (readdirSync(src, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => file.endsWith('.controller.ts'));
  const modules = (await Promise.all(files.map((file) => import(join(src, file))))) as Record<string, unknown>[];
  return modules
    .flatMap((exports) => Object.values(exports))
    .filter((value): value is Type => typeof value === 'function' && Reflect.getMetadata(PATH_METADATA, value) !== undefined);
}

/** An error answer without what differs per request (its request id). */
function comparable(text: string): unknown {
  const { requestId: _requestId, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

/** A's ids replaced by fresh ones: the request a stranger to every resource would make. */
function withStrangers(a: OrganizationA): OrganizationA {
  return Object.fromEntries(Object.keys(a).map((key) => [key, uuidv7()])) as unknown as OrganizationA;
}

describe('isolation between two organisations (real Keycloak users, every route)', () => {
  let api: TestApi;
  let a: OrganizationA;
  const clients = new Map<TestUserName, ApiClient>();
  const as = (user: TestUserName) => {
    if (!clients.has(user)) clients.set(user, new ApiClient(api.url, user));
    return clients.get(user)!;
  };
  /** Everything of A's that must never reach B: ids and text. */
  const secrets = () => [...Object.values(a), ...Object.values(A_TEXT), NONCE];

  beforeAll(async () => {
    api = await startTestApi();
    // Both organisations exist once their people have signed in.
    for (const user of ['alice', 'carol', 'erin', 'bob', 'grace', 'heidi'] as const) await as(user).json<MeView>('GET', '/api/me');
    const alice = await as('alice').json<MeView>('GET', '/api/me');
    const bob = await as('bob').json<MeView>('GET', '/api/me');
    expect(alice.organization.id).not.toBe(bob.organization.id);

    const conversation = await as('alice').createConversation();
    await readEvents(await as('alice').request('POST', `/api/conversations/${conversation.id}/messages`, { content: A_TEXT.question }));
    const detail = await as('alice').json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    const [question, answer] = detail.messages;
    await as('alice').json('PUT', `/api/messages/${answer.id}/rating`, { value: 'like', comment: `役に立った ${NONCE}` });
    const apiKey = await as('alice').json<CreatedApiKeyView>('POST', '/api/api-keys', { name: A_TEXT.apiKeyName });
    const rule = await as('carol').json<QuotaRuleView>('PUT', '/api/admin/quotas', {
      scope: 'user',
      organizationId: alice.organization.id,
      period: 'day',
      maxRequests: 777,
      maxTokens: null,
    });
    const useCase = await as('carol').json<UseCaseView>('POST', '/api/admin/use-cases', USE_CASE);
    // Whichever pair is drawn (a failing test model, too), the battle is stored and A's.
    const battle = await readEvents(await as('alice').request('POST', '/api/arena/battles', { prompt: A_TEXT.battlePrompt, informationClass: 1 }));
    const hold = await as('carol').json<LegalHoldView>('POST', '/api/admin/legal-holds', { subject: 'conversation', subjectId: conversation.id, reason: A_TEXT.legalHoldReason });
    a = {
      organizationId: alice.organization.id,
      aliceId: alice.id,
      conversationId: conversation.id,
      questionId: question.id,
      answerId: answer.id,
      apiKeyId: (apiKey as ApiKeyView).id,
      quotaRuleId: rule.id,
      useCaseId: useCase.id,
      legalHoldId: hold.id,
      battleId: (battle[0].data as unknown as { battle: BattleView }).battle.id,
    };
    // Usage is written in batches (GENNAI_USAGE_FLUSH_MS): B looks only once A's usage is there to leak.
    for (const deadline = Date.now() + 5_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const usage = await (await as('carol').request('GET', '/api/admin/usage?groupBy=organization')).text();
      if (usage.includes(a.organizationId)) break;
      if (Date.now() > deadline) throw new Error(`A's usage was not recorded: ${usage}`);
    }
  });
  afterAll(() => api?.close());

  it('has a row for every route of the API (a new route must be placed in the matrix)', async () => {
    const routes = routeTable(await controllers()).map((route) => `${route.method} ${route.path}`);
    expect(routes.length).toBeGreaterThan(40);
    const unplaced = routes.filter((route) => !(route in MATRIX) && !(route in EXEMPT));
    const stale = [...Object.keys(MATRIX), ...Object.keys(EXEMPT)].filter((route) => !routes.includes(route));
    expect({ unplaced, stale }).toEqual({ unplaced: [], stale: [] });
    const both = Object.keys(MATRIX).filter((route) => route in EXEMPT);
    expect(both).toEqual([]);
  });

  const rows = Object.entries(MATRIX).flatMap(([route, probes]) => probes.map((probe) => ({ route, probe })));

  it.each(rows.map(({ route, probe }) => [`${route} as ${probe.as} (${probe.expect})`, route, probe] as const))('%s', async (_name, _route, probe) => {
    const call = async (ids: OrganizationA) => {
      const path = probe.path(ids);
      const body = probe.body?.(ids);
      const response = await as(probe.as).request(probe.method, path, body);
      return { status: response.status, text: await response.text(), sent: `${path} ${JSON.stringify(body ?? null)}` };
    };
    const answer = await call(a);

    // Nothing of A's in the answer, except what the caller itself sent (a 404 may name the id it was asked for).
    const leaked = secrets().filter((secret) => answer.text.includes(secret) && !answer.sent.includes(secret));
    expect(leaked, `${probe.method} ${probe.path(a)} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toEqual([]);

    if (probe.expect === 'scoped') {
      expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(300);
      if (probe.control) {
        // Polled: usage is written in batches, audit entries are sealed within a second.
        const control = probe.control;
        await expect
          .poll(async () => (await as(control.as).request(probe.method, probe.path(a), probe.body?.(a))).text(), { timeout: 5_000, message: `${control.as} should see A's own data here` })
          .toContain(control.sees(a));
      }
      return;
    }
    // Same answer as for resources that do not exist: existence itself must not leak.
    const stranger = await call(withStrangers(a));
    expect(answer.status, answer.text.slice(0, 300)).toBe(probe.expect === 'absent' ? 404 : 403);
    expect(answer.status).toBe(stranger.status);
    expect(comparable(answer.text)).toEqual(comparable(stranger.text));
  });

  it('leaves every resource of A as it was', async () => {
    const detail = await as('alice').json<ConversationDetailView>('GET', `/api/conversations/${a.conversationId}`);
    expect(detail.messages.map((m) => m.id)).toEqual([a.questionId, a.answerId]);
    expect(detail.messages[1].rating).toMatchObject({ value: 'like' });
    expect(await as('alice').json<BattleView>('GET', `/api/arena/battles/${a.battleId}`)).toMatchObject({ prompt: A_TEXT.battlePrompt, winner: null });
    expect((await as('alice').json<ApiKeyView[]>('GET', '/api/api-keys')).find((k) => k.id === a.apiKeyId)?.revokedAt).toBeNull();
    expect((await as('carol').json<QuotaRuleView[]>('GET', '/api/admin/quotas')).find((r) => r.id === a.quotaRuleId)?.maxRequests).toBe(777);
    expect(await as('carol').json<UseCaseView>('GET', `/api/admin/use-cases/${a.useCaseId}`)).toMatchObject({ title: A_TEXT.useCaseTitle, status: 'draft' });
    expect(await as('carol').json<{ items: LegalHoldView[] }>('GET', '/api/admin/legal-holds')).toMatchObject({ items: [{ id: a.legalHoldId, releasedAt: null }] });
    const quotas = await as('carol').json<QuotaRuleView[]>('GET', '/api/admin/quotas');
    expect(quotas.filter((r) => r.organizationId === a.organizationId && r.scope === 'organization')).toEqual([]);
  });
});
