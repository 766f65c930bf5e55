import { createHash, randomBytes } from 'node:crypto';

/** Every personal API key starts with this, so the auth guard (and secret scanners) can tell it from a Keycloak token. */
export const API_KEY_PREFIX = 'gnai_';

/** 32 random bytes (256 bits) in base64url are 43 characters. */
const SECRET_FORMAT = /^gnai_[A-Za-z0-9_-]{43}$/;

/** Characters of the secret kept in clear to recognise a key in lists (`gnai_` and 7 more: 42 bits, far from guessable). */
const SHOWN_CHARS = 12;

export interface NewApiKeySecret {
  /** Shown to the owner once, never stored. */
  secret: string;
  /** Stored: the hex SHA-256 of the whole secret (a 256-bit random secret needs no salt or slow hash). */
  hash: string;
  /** Stored and shown: the first characters. */
  prefix: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashApiKeySecret(secret), prefix: secret.slice(0, SHOWN_CHARS) };
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a bearer token has the shape of a Gennai API key (checked before any database lookup). */
export function isWellFormedApiKey(token: string): boolean {
  return SECRET_FORMAT.test(token);
}
