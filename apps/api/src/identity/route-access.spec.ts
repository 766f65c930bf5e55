import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyticsController } from '../analytics/analytics.controller';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ArenaController } from '../arena/arena.controller';
import { AuditController } from '../audit/audit.controller';
import { ConversationsController } from '../chat/conversations.controller';
import { ModelsController } from '../chat/models.controller';
import { CatalogAdminController } from '../gateway/catalog/catalog-admin.controller';
import { EvaluationOrganizationsController } from '../evaluation-scope/evaluation-organizations.controller';
import { HealthController } from '../health/health.controller';
import { EvaluationReportController } from '../evaluation-report/evaluation-report.controller';
import { LeaderboardController } from '../leaderboard/leaderboard.controller';
import { OpenAiApiController } from '../openai-api/openai-api.controller';
import { OrganizationsController } from '../organizations/organizations.controller';
import { QuotasController } from '../quotas/quotas.controller';
import { RatingController } from '../rating/rating.controller';
import { TaskCategoriesController } from '../task-category/task-categories.controller';
import { LegalHoldsController } from '../retention/legal-holds.controller';
import { EvaluationSurveysController } from '../surveys/evaluation-surveys.controller';
import { SurveysController } from '../surveys/surveys.controller';
import { UsageController } from '../usage/usage.controller';
import { CaioController } from '../use-cases/caio.controller';
import { UseCasesController } from '../use-cases/use-cases.controller';
import { VendorExportController } from '../vendor-export/vendor-export.controller';
import { IdentityController } from './identity.controller';
import { renderPermissions } from './permissions';
import { routeTable } from './route-table';

const CONTROLLERS = [IdentityController, ConversationsController, ModelsController, RatingController, ArenaController, HealthController, ApiKeysController, OpenAiApiController, QuotasController, UsageController, OrganizationsController, CatalogAdminController, AuditController, UseCasesController, CaioController, LegalHoldsController, VendorExportController, TaskCategoriesController, AnalyticsController, EvaluationSurveysController, SurveysController, LeaderboardController, EvaluationOrganizationsController, EvaluationReportController];

/** Every route with the access it declares: a change here is a permission change and is reviewed as one. */
const EXPECTED = [
  'GET /api/auth/config — public',
  'GET /api/audit/entries — auditor',
  'GET /api/audit/export — auditor',
  'POST /api/audit/verify — auditor',
  'GET /api/api-keys — user',
  'POST /api/api-keys — user',
  'DELETE /api/api-keys/:id — user',
  'GET /v1/models — user (+api key: models)',
  'POST /v1/chat/completions — user (+api key: chat)',
  'GET /api/conversations — user',
  'GET /api/conversations/:id — user',
  'GET /api/me — user, vendor',
  'GET /api/vendor/models — vendor',
  'GET /api/vendor/feedback/export — vendor',
  'GET /api/me/quota — user',
  'GET /api/admin/quotas — platform_admin, org_admin',
  'PUT /api/admin/quotas — platform_admin, org_admin',
  'DELETE /api/admin/quotas/:id — platform_admin, org_admin',
  'GET /api/admin/usage — platform_admin, org_admin',
  'GET /api/admin/use-cases — platform_admin, org_admin, auditor',
  'POST /api/admin/use-cases — platform_admin, org_admin',
  'GET /api/admin/use-cases/:id — platform_admin, org_admin, auditor',
  'PATCH /api/admin/use-cases/:id — platform_admin, org_admin',
  'POST /api/admin/use-cases/:id/retire — platform_admin, org_admin',
  'GET /api/admin/caio/summary — platform_admin, org_admin, auditor',
  'GET /api/admin/legal-holds — platform_admin, org_admin, auditor',
  'POST /api/admin/legal-holds — platform_admin, org_admin',
  'POST /api/admin/legal-holds/:id/release — platform_admin, org_admin',
  'GET /api/admin/organizations — platform_admin, org_admin',
  'POST /api/admin/organizations — platform_admin',
  'GET /api/admin/organizations/:id — platform_admin, org_admin',
  'PATCH /api/admin/organizations/:id — platform_admin, org_admin',
  'DELETE /api/admin/organizations/:id — platform_admin',
  'GET /api/admin/organizations/:id/members — platform_admin, org_admin',
  'GET /api/admin/organizations/:id/models — platform_admin, org_admin',
  'GET /api/models — user',
  'GET /api/admin/provider-types — platform_admin',
  'GET /api/admin/providers — platform_admin',
  'POST /api/admin/providers — platform_admin',
  'PATCH /api/admin/providers/:id — platform_admin',
  'DELETE /api/admin/providers/:id — platform_admin',
  'GET /api/admin/models — platform_admin',
  'POST /api/admin/models — platform_admin',
  'PATCH /api/admin/models/:id — platform_admin',
  'DELETE /api/admin/models/:id — platform_admin',
  'GET /healthz — public',
  'GET /readyz — public',
  'POST /api/conversations — user',
  'POST /api/conversations/:id/messages — user',
  'POST /api/conversations/:id/messages/:messageId/retry — user',
  'PUT /api/messages/:messageId/rating — user',
  'DELETE /api/messages/:messageId/rating — user',
  'POST /api/arena/battles — user (+api key: arena)',
  'GET /api/arena/battles — user (+api key: arena)',
  'GET /api/arena/battles/:id — user (+api key: arena)',
  'POST /api/arena/battles/:id/vote — user (+api key: arena)',
  'GET /api/evaluation/task-categories — evaluator, platform_admin, org_admin',
  'GET /api/evaluation/task-categories/counts — evaluator, platform_admin, org_admin',
  'PUT /api/evaluation/task-categories/:kind/:id — evaluator, platform_admin, org_admin',
  'GET /api/evaluation/analytics — evaluator, platform_admin, org_admin',
  'GET /api/evaluation/leaderboard — user, evaluator, platform_admin, org_admin',
  'GET /api/evaluation/organizations — evaluator, platform_admin, org_admin',
  'GET /api/evaluation/surveys — evaluator, platform_admin, org_admin',
  'POST /api/evaluation/surveys — evaluator, platform_admin',
  'GET /api/evaluation/surveys/:id — evaluator, platform_admin, org_admin',
  'PUT /api/evaluation/surveys/:id — evaluator, platform_admin',
  'DELETE /api/evaluation/surveys/:id — evaluator, platform_admin',
  'POST /api/evaluation/surveys/:id/publish — evaluator, platform_admin',
  'POST /api/evaluation/surveys/:id/close — evaluator, platform_admin',
  'GET /api/evaluation/surveys/:id/results — evaluator, platform_admin, org_admin',
  'POST /api/evaluation/reports/bundle — evaluator, platform_admin',
  'POST /api/evaluation/reports — evaluator, platform_admin',
  'GET /api/evaluation/reports/:id — evaluator, platform_admin',
  'GET /api/evaluation/reports/:id/report.html — evaluator, platform_admin',
  'GET /api/evaluation/reports/:id/report.json — evaluator, platform_admin',
  'GET /api/evaluation/reports/:id/tables/:table.csv — evaluator, platform_admin',
  'GET /api/evaluation/reports/:id/bundle.jsonl — evaluator, platform_admin',
  'GET /api/surveys/pending — user',
  'POST /api/surveys/:id/responses — user',
  'POST /api/surveys/:id/dismiss — user',
].sort();

function routes() {
  return routeTable(CONTROLLERS).map((r) => ({ ...r, route: `${r.method} ${r.path}` }));
}

describe('route access', () => {
  it('covers every controller of the API', () => {
    const src = join(__dirname, '..');
    const declared = (readdirSync(src, { recursive: true, encoding: 'utf8' }) as string[])
      .filter((file) => file.endsWith('.controller.ts'))
      .flatMap((file) => [...readFileSync(join(src, file), 'utf8').matchAll(/@Controller\([^)]*\)[\s\S]*?export class (\w+)/g)].map((m) => m[1]))
      .sort();
    expect(CONTROLLERS.map((c) => c.name).sort()).toEqual(declared);
  });

  it('is what docs/operator/permissions{,.en}.md say (npm run docs:permissions rewrites them)', () => {
    const docs = join(__dirname, '../../../../docs/operator');
    for (const [locale, file] of [['ja', 'permissions.md'], ['en', 'permissions.en.md']] as const) {
      const rendered = renderPermissions(locale, routeTable(CONTROLLERS));
      if (process.env.GENNAI_WRITE_DOCS === '1') writeFileSync(join(docs, file), rendered);
      expect(readFileSync(join(docs, file), 'utf8'), `docs/operator/${file} is out of date: run npm run docs:permissions`).toBe(rendered);
    }
  });

  it('every handler declares exactly one of @Public() or @Roles(…)', () => {
    const undeclared = routes().filter((r) => r.isPublic === (r.roles.length > 0));
    expect(undeclared.map((r) => r.route)).toEqual([]);
  });

  it('accepts personal API keys only on handlers that also require a role', () => {
    const open = routes().filter((r) => r.apiKey && (r.isPublic || r.roles.length === 0));
    expect(open.map((r) => r.route)).toEqual([]);
  });

  it('matches the reviewed access table', () => {
    const table = routes()
      .map((r) => `${r.route} — ${r.isPublic ? 'public' : r.roles.join(', ')}${r.apiKey ? ` (+api key: ${r.apiKey})` : ''}`)
      .sort();
    expect(table).toEqual(EXPECTED);
  });
});
