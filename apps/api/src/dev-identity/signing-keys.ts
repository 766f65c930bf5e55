import { createHash, createHmac, createSign, createVerify, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { encodeJson, parseJwt, type JwtClaims } from './jwt';

/** A public key as published at `/protocol/openid-connect/certs`. */
export interface PublicJwk {
  kid: string;
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

/**
 * The realm's keys, generated in memory at start (tokens die with the process, as sessions do):
 * an RS256 pair for access and ID tokens, published as a JWKS, and an HS512 secret for refresh
 * tokens, which only this provider ever reads (as in Keycloak).
 */
export class SigningKeys {
  readonly kid: string;
  readonly refreshKid = randomUUID();
  private readonly publicJwk: PublicJwk;
  private readonly refreshSecret = randomBytes(64);

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
  ) {
    const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    // RFC 7638 thumbprint: stable for the key, opaque to clients, like Keycloak's kids.
    this.kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
    this.publicJwk = { kid: this.kid, kty: 'RSA', alg: 'RS256', use: 'sig', n, e };
  }

  static generate(): SigningKeys {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new SigningKeys(privateKey, publicKey);
  }

  get jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** Signs an access or ID token (RS256, verifiable by anyone holding the JWKS). */
  signRs256(claims: JwtClaims): string {
    const signingInput = `${encodeJson({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${encodeJson(claims)}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(this.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  /** Signs a refresh token (HS512 with a secret that never leaves this process). */
  signRefresh(claims: JwtClaims): string {
    const signingInput = `${encodeJson({ alg: 'HS512', typ: 'JWT', kid: this.refreshKid })}.${encodeJson(claims)}`;
    return `${signingInput}.${createHmac('sha512', this.refreshSecret).update(signingInput).digest('base64url')}`;
  }

  /** Returns the claims of a token this provider signed, or null (bad shape, unknown key, bad signature). No claim checks. */
  verify(token: unknown): JwtClaims | null {
    const jwt = parseJwt(token);
    if (!jwt) return null;
    const { header, signingInput, signature } = jwt;
    if (header.alg === 'RS256' && header.kid === this.kid) {
      return createVerify('RSA-SHA256').update(signingInput).verify(this.publicKey, signature) ? jwt.claims : null;
    }
    if (header.alg === 'HS512' && header.kid === this.refreshKid) {
      const expected = createHmac('sha512', this.refreshSecret).update(signingInput).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature) ? jwt.claims : null;
    }
    return null;
  }
}
