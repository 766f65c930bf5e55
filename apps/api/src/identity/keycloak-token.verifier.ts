import { Injectable } from '@nestjs/common';
import { AccessTokenClaims, AccessTokenVerifier, InvalidTokenError } from './access-token-verifier';
import { parseOrganizationClaim, parseUnitPath } from './organization-claim';

// keycloak-connect ships CommonJS without types for its auth utilities.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GrantManager = require('keycloak-connect/middleware/auth-utils/grant-manager');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KeycloakConfig = require('keycloak-connect/middleware/auth-utils/config');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Token = require('keycloak-connect/middleware/auth-utils/token');

interface KeycloakToken {
  header: { alg?: string; kid?: string };
  content: Record<string, unknown>;
}

export interface KeycloakVerifierOptions {
  /** Base URL of the identity provider, e.g. https://id.example.go.jp */
  url: string;
  realm: string;
  /** The audience every accepted token must carry (the API's client id). */
  audience: string;
  /** Seconds between JWKS refreshes when an unknown key id turns up (key rotation). */
  minTimeBetweenJwksRequests?: number;
}

/**
 * keycloak-connect in bearer-only mode. Tokens are verified locally against the realm's JWKS,
 * fetched once and refreshed only when a new key id appears: no call to Keycloak per request.
 */
@Injectable()
export class KeycloakTokenVerifier extends AccessTokenVerifier {
  private readonly grantManager: { validateToken(token: KeycloakToken, type: string): Promise<KeycloakToken> };

  constructor(options: KeycloakVerifierOptions) {
    super();
    const config = new KeycloakConfig({
      realm: options.realm,
      'auth-server-url': options.url,
      resource: options.audience,
      'bearer-only': true,
      'verify-token-audience': true,
      'min-time-between-jwks-requests': options.minTimeBetweenJwksRequests ?? 10,
      'ssl-required': 'external',
    });
    this.grantManager = new GrantManager(config);
  }

  async verify(raw: string): Promise<AccessTokenClaims> {
    let token: KeycloakToken;
    try {
      token = new Token(raw);
    } catch {
      throw new InvalidTokenError('malformed token');
    }
    const { content, header } = token;
    // keycloak-connect trusts `exp` only when present and does not look at `alg`: be strict here.
    if (header?.alg !== 'RS256') throw new InvalidTokenError('unsupported algorithm');
    if (typeof content?.exp !== 'number') throw new InvalidTokenError('no expiry');
    if (typeof content.nbf === 'number' && content.nbf * 1000 > Date.now() + 30_000) throw new InvalidTokenError('not yet valid');
    try {
      await this.grantManager.validateToken(token, 'Bearer');
    } catch (error) {
      throw new InvalidTokenError((error as Error)?.message ?? 'invalid token');
    }
    return toClaims(content);
  }
}

function toClaims(content: Record<string, unknown>): AccessTokenClaims {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const subject = text(content.sub);
  if (!subject) throw new InvalidTokenError('no subject');
  const realmAccess = content.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles) ? realmAccess.roles.filter((r): r is string => typeof r === 'string') : [];
  const username = text(content.preferred_username) ?? subject;
  return {
    subject,
    username,
    displayName: text(content.name) ?? username,
    email: text(content.email),
    roles,
    organizations: parseOrganizationClaim(content.organization),
    unitPath: parseUnitPath(content.org_unit),
    expiresAt: content.exp as number,
    sessionId: text(content.sid) ?? undefined,
  };
}
