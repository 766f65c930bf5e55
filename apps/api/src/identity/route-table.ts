import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { ApiKeyScope, Role } from '@gennai/contracts';
import { API_KEY_ACCESS, PUBLIC_ACCESS, REQUIRED_ROLES } from './access.decorators';

/** One API route and the access its handler declares: the permission table, read from the code itself. */
export interface RouteAccess {
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[];
  /** The scope a personal API key needs here (@AllowApiKey), or null when keys are refused. */
  apiKey: ApiKeyScope | null;
  /** The handler's doc comment is not available at run time: `Controller.handler` names it instead. */
  handler: string;
}

/** Every route of these controllers, in path order, with the roles its @Roles(…) names (or @Public()). */
export function routeTable(controllers: Type[]): RouteAccess[] {
  return controllers
    .flatMap((controller) => {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/|\/$/g, '');
      return Object.getOwnPropertyNames(controller.prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => ({ name, handler: (controller.prototype as unknown as Record<string, object>)[name] }))
        .filter(({ handler }) => Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
        .map(({ name, handler }) => {
          const path = String(Reflect.getMetadata(PATH_METADATA, handler)).replace(/^\/|\/$/g, '');
          const full = [base, path].filter(Boolean).join('/');
          return {
            method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
            path: ['healthz', 'readyz'].includes(full) || full.startsWith('v1/') ? `/${full}` : `/api/${full}`,
            isPublic: Reflect.getMetadata(PUBLIC_ACCESS, handler) === true,
            roles: (Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined) ?? [],
            apiKey: (Reflect.getMetadata(API_KEY_ACCESS, handler) as ApiKeyScope | undefined) ?? null,
            handler: `${controller.name}.${name}`,
          };
        });
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
