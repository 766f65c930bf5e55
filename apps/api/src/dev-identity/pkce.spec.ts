import { describe, expect, it } from 'vitest';
import { isValidCodeVerifier, isValidS256Challenge, s256Challenge, verifiesS256Challenge } from './pkce';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('computes the challenge of the RFC 7636 example', () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(verifiesS256Challenge(RFC_VERIFIER, RFC_CHALLENGE)).toBe(true);
  });

  it('rejects a verifier that does not hash to the challenge', () => {
    expect(verifiesS256Challenge(`${RFC_VERIFIER.slice(0, -1)}A`, RFC_CHALLENGE)).toBe(false);
  });

  it('accepts only verifiers of 43 to 128 unreserved characters', () => {
    expect(isValidCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(43))).toBe(true);
    expect(isValidCodeVerifier('a'.repeat(128))).toBe(true);
    expect(isValidCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isValidCodeVerifier(`${'a'.repeat(43)}+`)).toBe(false);
    expect(verifiesS256Challenge('short', s256Challenge('short'))).toBe(false);
  });

  it('accepts only challenges shaped like a base64url SHA-256', () => {
    expect(isValidS256Challenge(RFC_CHALLENGE)).toBe(true);
    expect(isValidS256Challenge(RFC_VERIFIER.slice(0, 42))).toBe(false);
    expect(isValidS256Challenge(`${RFC_CHALLENGE}=`)).toBe(false);
    expect(isValidS256Challenge(undefined)).toBe(false);
  });
});
