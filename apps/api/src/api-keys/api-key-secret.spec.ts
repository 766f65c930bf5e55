import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, hashApiKeySecret, isWellFormedApiKey, newApiKeySecret } from './api-key-secret';

describe('API key secrets', () => {
  it('are gnai_ followed by 256 random bits in base64url', () => {
    const { secret } = newApiKeySecret();
    expect(secret).toMatch(/^gnai_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(newApiKeySecret().secret).not.toBe(secret);
  });

  it('are stored as their SHA-256 and a short prefix only', () => {
    const { secret, hash, prefix } = newApiKeySecret();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKeySecret(secret));
    expect(prefix).toBe(secret.slice(0, 12));
    expect(hash).not.toContain(secret.slice(API_KEY_PREFIX.length, 20));
  });

  it('tells a key from other bearer tokens by its shape', () => {
    expect(isWellFormedApiKey(newApiKeySecret().secret)).toBe(true);
    expect(isWellFormedApiKey('gnai_short')).toBe(false);
    expect(isWellFormedApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
    expect(isWellFormedApiKey(`${newApiKeySecret().secret}x`)).toBe(false);
  });
});
