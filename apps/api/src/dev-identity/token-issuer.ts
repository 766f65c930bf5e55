import { createHash, randomUUID } from 'node:crypto';
import { displayName, type DevUser } from './dev-users';
import type { JwtClaims } from './jwt';
import { LIFETIMES, type DevSession } from './session-store';
import type { SigningKeys } from './signing-keys';

/** The token endpoint's success body, field for field as Keycloak 26 sends it. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string;
  token_type: 'Bearer';
  id_token?: string;
  'not-before-policy': 0;
  session_state: string;
  scope: string;
}

export interface TokenRequestContext {
  user: DevUser;
  session: DevSession;
  /** When the session ends unless refreshed (ms since the epoch): bounds the refresh token. */
  sessionExpiresAt: number;
  clientId: string;
  /** Granted scope, space separated; `openid` in it means an ID token is issued. */
  scope: string;
  /** From the authorization request; only in the first ID token, not in refreshed ones. */
  nonce?: string;
}

/** Profile claims shared by access tokens, ID tokens and userinfo. */
export function profileClaims(user: DevUser): JwtClaims {
  return {
    email_verified: true,
    name: displayName(user),
    preferred_username: user.username,
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    // As Keycloak's organization membership mapper writes it with the realm's `organization` scope and the
    // "add organization id / attributes" mapper of the shipped realm (docs/operator/identity.md).
    organization: [
      user.organization.slug,
      { [user.organization.slug]: { id: `dev-${user.organization.slug}`, 'gennai.provision': ['true'], 'gennai.name': [user.organization.name] } },
    ],
    ...(user.unit ? { org_unit: user.unit } : {}),
  };
}

/** Keycloak grants gennai-web's default client scopes (profile, email, organization) whatever is asked for. */
export function grantedScope(requested: string | undefined): string {
  const asked = new Set((requested ?? '').split(' ').filter(Boolean));
  return [...(asked.has('openid') ? ['openid'] : []), 'profile', 'email', 'organization'].join(' ');
}

export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    /** The access token's `aud`, e.g. ['gennai-api', 'account']. */
    private readonly audience: string[],
    private readonly now: () => number = Date.now,
  ) {}

  issue(context: TokenRequestContext): TokenResponse {
    const { user, session, clientId, scope } = context;
    const iat = Math.floor(this.now() / 1000);
    const common = { iat, auth_time: session.authTime, iss: this.issuer, sub: user.id, azp: clientId, sid: session.id };

    const accessToken = this.keys.signRs256({
      exp: iat + LIFETIMES.accessTokenSeconds,
      ...common,
      jti: `onrtac:${randomUUID()}`,
      aud: this.audience,
      typ: 'Bearer',
      acr: '1',
      realm_access: { roles: [...user.roles] },
      scope,
      ...profileClaims(user),
    });

    const refreshExpiresIn = Math.max(0, Math.floor((context.sessionExpiresAt - this.now()) / 1000));
    const refreshToken = this.keys.signRefresh({
      exp: iat + refreshExpiresIn,
      iat,
      jti: randomUUID(),
      iss: this.issuer,
      aud: this.issuer,
      sub: user.id,
      typ: 'Refresh',
      azp: clientId,
      sid: session.id,
      scope,
    });

    const response: TokenResponse = {
      access_token: accessToken,
      expires_in: LIFETIMES.accessTokenSeconds,
      refresh_expires_in: refreshExpiresIn,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: session.id,
      scope,
    };
    if (scope.split(' ').includes('openid')) {
      response.id_token = this.keys.signRs256({
        exp: iat + LIFETIMES.accessTokenSeconds,
        ...common,
        jti: randomUUID(),
        aud: clientId,
        typ: 'ID',
        ...(context.nonce ? { nonce: context.nonce } : {}),
        at_hash: leftHalfHash(accessToken),
        acr: '1',
        ...profileClaims(user),
      });
    }
    return response;
  }
}

/** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token. */
function leftHalfHash(token: string): string {
  const digest = createHash('sha256').update(token, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
