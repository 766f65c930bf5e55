import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES, type ApiKeyScope, type Role } from '@gennai/contracts';
import type { Request } from 'express';
import { requireApiKeyScope } from '../api-keys/api-key-scope';
import { API_KEY_PREFIX } from '../api-keys/api-key-secret';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditLog } from '../audit/audit-log.service';
import { type AuditSource, auditSourceOf } from '../audit/audit-source';
import { ApiException } from '../http/api.exception';
import { OrganizationScope } from '../organizations/organization-scope';
import { AccessTokenVerifier, InvalidTokenError } from './access-token-verifier';
import { API_KEY_ACCESS, PUBLIC_ACCESS, REQUIRED_ROLES } from './access.decorators';
import { CALLER, type Caller } from './caller';
import { UsersService } from './users.service';

/**
 * Global guard, deny by default: a handler is reachable only if it is marked @Public() or names
 * the roles it needs with @Roles(…) and the caller presents a valid bearer token with one of them.
 * A handler that declares neither is refused for everyone. Handlers marked @AllowApiKey(scope) also accept a personal
 * API key (`gnai_…`) holding that scope in place of the token; a key anywhere else is refused (401).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationScope,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ACCESS, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? [];
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw new ApiException(401, 'unauthenticated');
    const token = match[1];
    const source = auditSourceOf(req);
    const caller = token.startsWith(API_KEY_PREFIX)
      ? await this.apiKeyCaller(token, this.reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_ACCESS, targets), source)
      : await this.tokenCaller(token, required, source);
    if (!required.some((role) => caller.roles.includes(role))) throw new ApiException(403, 'forbidden');
    (req as unknown as Record<symbol, unknown>)[CALLER] = caller;
    return true;
  }

  /**
   * A personal API key: only on handlers marked @AllowApiKey(scope), and only if the key holds that scope; its owner's
   * roles and organisation as last stored.
   */
  private async apiKeyCaller(secret: string, scope: ApiKeyScope | undefined, source: AuditSource): Promise<Caller> {
    if (!scope) throw new ApiException(401, 'unauthenticated');
    const caller = await this.apiKeys.verify(secret);
    if (!caller) throw new ApiException(401, 'invalid_api_key');
    requireApiKeyScope(caller, scope);
    // A copy: the verified key's Caller is cached and shared between requests.
    return { ...caller, disabledModelIds: this.organizations.disabledModelIds(caller.organizationId), source };
  }

  /** A Keycloak access token: verified locally, the user (and organisation) created or refreshed from its claims. */
  private async tokenCaller(token: string, required: Role[], source: AuditSource): Promise<Caller> {
    let claims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ApiException(401, 'unauthenticated');
      throw error;
    }
    if (!required.length) throw new ApiException(403, 'forbidden');
    const roles = claims.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    if (!required.some((role) => roles.includes(role))) throw new ApiException(403, 'forbidden');
    const user = await this.users.signIn(claims);
    const caller: Caller = {
      userId: user.id,
      organizationId: user.organizationId,
      unitId: user.unitId,
      roles,
      disabledModelIds: this.organizations.disabledModelIds(user.organizationId),
      source,
    };
    await this.audit.recordSignIn(claims.sessionId, caller);
    return caller;
  }
}
