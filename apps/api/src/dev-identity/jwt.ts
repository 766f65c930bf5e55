/** Compact JWS helpers: encoding and parsing only; keys live in signing-keys.ts. */

export type JwtClaims = Record<string, unknown>;

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
}

export interface ParsedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  /** `base64url(header).base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Splits and decodes a compact JWS, or returns null when it is not one. Does not verify anything. */
export function parseJwt(token: unknown): ParsedJwt | null {
  if (typeof token !== 'string' || token.length > 16_384) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9\-_]+$/.test(part))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtClaims;
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims)) return null;
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return null;
  }
}
