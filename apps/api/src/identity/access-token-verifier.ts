import type { OrganizationClaim } from './organization-claim';

/** The claims Gennai reads from a verified access token. */
export interface AccessTokenClaims {
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  /** Every organisation the `organization` claim names (a member of staff belongs to exactly one). */
  organizations: OrganizationClaim[];
  /** The `org_unit` path (局/課), or null. */
  unitPath: string[] | null;
  /** The identity provider's session (`sid`): its first request is recorded as the sign-in. */
  sessionId?: string;
  expiresAt: number;
}

/**
 * Verifies a bearer access token locally (signature against the realm's cached JWKS, issuer,
 * audience, expiry) and returns its claims, or throws. One small seam, so the library behind it
 * (keycloak-connect today) can be replaced without touching the guard.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string): Promise<AccessTokenClaims>;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}
