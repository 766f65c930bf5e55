import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ConversationsController } from '../chat/conversations.controller';
import { ModelsController } from '../chat/models.controller';
import { HealthController } from '../health/health.controller';
import { RatingController } from '../rating/rating.controller';
import { PUBLIC_ACCESS, REQUIRED_ROLES } from './access.decorators';
import { IdentityController } from './identity.controller';

const CONTROLLERS = [IdentityController, ConversationsController, ModelsController, RatingController, HealthController];

/** Every route with the access it declares: a change here is a permission change and is reviewed as one. */
const EXPECTED = [
  'GET /api/auth/config — public',
  'GET /api/conversations — user',
  'GET /api/conversations/:id — user',
  'GET /api/me — user',
  'GET /api/models — user',
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
        const prefixed = ['healthz', 'readyz'].includes(full) ? `/${full}` : `/api/${full}`;
        const isPublic = Reflect.getMetadata(PUBLIC_ACCESS, handler) === true;
        const roles = (Reflect.getMetadata(REQUIRED_ROLES, handler) as string[] | undefined) ?? [];
        return { route: `${method} ${prefixed}`, isPublic, roles };
      });
  });
}

describe('route access', () => {
  it('every handler declares exactly one of @Public() or @Roles(…)', () => {
    const undeclared = routes().filter((r) => r.isPublic === (r.roles.length > 0));
    expect(undeclared.map((r) => r.route)).toEqual([]);
  });

  it('matches the reviewed access table', () => {
    const table = routes()
      .map((r) => `${r.route} — ${r.isPublic ? 'public' : r.roles.join(', ')}`)
      .sort();
    expect(table).toEqual(EXPECTED);
  });
});
