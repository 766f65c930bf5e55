import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@gennai/contracts';
import type { AuditSource } from '../audit/audit-source';

/** Who is calling: resolved once per request by the auth guard from the verified token. */
export interface Caller {
  userId: string;
  /** The organisation the caller's data belongs to (a Keycloak Organization). */
  organizationId: string;
  /** The caller's unit (局/課) within it, when the token names one. */
  unitId?: string | null;
  roles: Role[];
  /** Catalogue models the caller's organisation switched off (from the organisation tree, kept fresh per replica). */
  disabledModelIds?: readonly string[];
  /** Set when the caller authenticated with a personal API key instead of a Keycloak token. */
  apiKey?: { id: string; modelIds: string[]; scopes: ApiKeyScope[] };
  /** Where the request came from (set by the auth guard), for the audit log. */
  source?: AuditSource;
}

export const CALLER = Symbol('caller');

/** Injects the authenticated Caller into a handler parameter. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = (ctx.switchToHttp().getRequest() as Record<symbol, Caller | undefined>)[CALLER];
  if (!caller) throw new Error('CurrentCaller used on a route without an authenticated caller');
  return caller;
});

/**
 * The one place that scopes a query to the caller: rows of the caller's organisation that the
 * caller owns. Every read and write of user-owned rows goes through this.
 */
export function ownedBy(caller: Caller): { organizationId: string; userId: string } {
  return { organizationId: caller.organizationId, userId: caller.userId };
}
