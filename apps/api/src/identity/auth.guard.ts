import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES, type Role } from '@gennai/contracts';
import type { Request } from 'express';
import { ApiException } from '../http/api.exception';
import { AccessTokenVerifier, InvalidTokenError } from './access-token-verifier';
import { PUBLIC_ACCESS, REQUIRED_ROLES } from './access.decorators';
import { CALLER } from './caller';
import { UsersService } from './users.service';

/**
 * Global guard, deny by default: a handler is reachable only if it is marked @Public() or names
 * the roles it needs with @Roles(…) and the caller presents a valid bearer token with one of them.
 * A handler that declares neither is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ACCESS, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);

    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw new ApiException(401, 'unauthenticated');
    let claims;
    try {
      claims = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ApiException(401, 'unauthenticated');
      throw error;
    }
    if (!required?.length) throw new ApiException(403, 'forbidden');
    const roles = claims.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    if (!required.some((role) => roles.includes(role))) throw new ApiException(403, 'forbidden');
    const organization = claims.organization;
    if (!organization) throw new ApiException(403, 'forbidden');

    const user = await this.users.signIn({ ...claims, organization });
    (req as unknown as Record<symbol, unknown>)[CALLER] = { userId: user.id, organizationId: user.organizationId, roles };
    return true;
  }
}
