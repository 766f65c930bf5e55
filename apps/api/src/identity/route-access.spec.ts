import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { AuditController } from '../audit/audit.controller';
import { ConversationsController } from '../chat/conversations.controller';
import { ModelsController } from '../chat/models.controller';
import { CatalogAdminController } from '../gateway/catalog/catalog-admin.controller';
import { HealthController } from '../health/health.controller';
import { OpenAiApiController } from '../openai-api/openai-api.controller';
import { OrganizationsController } from '../organizations/organizations.controller';
import { QuotasController } from '../quotas/quotas.controller';
import { RatingController } from '../rating/rating.controller';
import { UsageController } from '../usage/usage.controller';
import { API_KEY_ACCESS, PUBLIC_ACCESS, REQUIRED_ROLES } from './access.decorators';
import { IdentityController } from './identity.controller';

const CONTROLLERS = [IdentityController, ConversationsController, ModelsController, RatingController, HealthController, ApiKeysController, OpenAiApiController, QuotasController, UsageController, OrganizationsController, CatalogAdminController, AuditController];

/** Every route with the access it declares: a change here is a permission change and is reviewed as one. */
const EXPECTED = [
  'GET /api/auth/config — public',
  'GET /api/audit/entries — auditor',
  'GET /api/audit/export — auditor',
  'POST /api/audit/verify — auditor',
  'GET /api/api-keys — user',
  'POST /api/api-keys — user',
  'DELETE /api/api-keys/:id — user',
  'GET /v1/models — user (+api key)',
  'POST /v1/chat/completions — user (+api key)',
  'GET /api/conversations — user',
  'GET /api/conversations/:id — user',
  'GET /api/me — user',
  'GET /api/me/quota — user',
  'GET /api/admin/quotas — platform_admin, org_admin',
  'PUT /api/admin/quotas — platform_admin, org_admin',
  'DELETE /api/admin/quotas/:id — platform_admin, org_admin',
  'GET /api/admin/usage — platform_admin, org_admin',
  'GET /api/admin/organizations — platform_admin, org_admin',
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
].sort();

function routes() {
  return CONTROLLERS.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/|\/$/g, '');
    return Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => (controller.prototype as unknown as Record<string, object>)[name])
      .filter((handler) => Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
      .map((handler) => {
        const path = String(Reflect.getMetadata(PATH_METADATA, handler)).replace(/^\/|\/$/g, '');
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const full = [base, path].filter(Boolean).join('/');
        const prefixed = ['healthz', 'readyz'].includes(full) || full.startsWith('v1/') ? `/${full}` : `/api/${full}`;
        const isPublic = Reflect.getMetadata(PUBLIC_ACCESS, handler) === true;
        const roles = (Reflect.getMetadata(REQUIRED_ROLES, handler) as string[] | undefined) ?? [];
        const apiKey = Reflect.getMetadata(API_KEY_ACCESS, handler) === true;
        return { route: `${method} ${prefixed}`, isPublic, roles, apiKey };
      });
  });
}

describe('route access', () => {
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
      .map((r) => `${r.route} — ${r.isPublic ? 'public' : r.roles.join(', ')}${r.apiKey ? ' (+api key)' : ''}`)
      .sort();
    expect(table).toEqual(EXPECTED);
  });
});
