import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@gennai/contracts';

export const PUBLIC_ACCESS = 'gennai:public';
export const REQUIRED_ROLES = 'gennai:roles';
export const API_KEY_ACCESS = 'gennai:api-key';

/** Open to anyone, signed in or not. Use for the very few routes that must be (health, sign-in config). */
export const Public = () => SetMetadata(PUBLIC_ACCESS, true);

/** Signed-in callers holding at least one of these realm roles. Every non-public handler declares this. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Also accepts a personal API key (`Authorization: Bearer gnai_…`) holding `scope` in place of a Keycloak token. Goes
 * with @Roles(…): the key's owner must hold one of them. A key presented to a handler without this is refused (401), a
 * key without the scope 403 `api_key_scope` — before the request body is even read.
 */
export const AllowApiKey = (scope: ApiKeyScope) => SetMetadata(API_KEY_ACCESS, scope);
