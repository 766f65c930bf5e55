import { createHmac } from 'node:crypto';

/** Versioned, so a future change of scheme cannot produce pseudonyms that collide with today's. */
const DERIVATION_CONTEXT = 'gennai/vendor-export/v1';

/** 22 base64url characters = 132 bits: collisions are out of reach for any number of users or records. */
const PSEUDONYM_CHARS = 22;

/**
 * The identifiers a vendor export shows instead of the platform's. Each vendor gets its own key, derived from the
 * platform's secret (GENNAI_VENDOR_PSEUDONYM_KEY) and the vendor's name, so a user reads the same in every export of
 * one vendor (feedback can be followed over time) while two vendors' exports cannot be joined on users — nor on
 * battles, which involve two vendors' models and would otherwise link their pseudonyms. Keyed, so nobody without the
 * secret can test a guessed user id against a pseudonym.
 */
export class VendorPseudonyms {
  private readonly key: Buffer;

  constructor(platformKey: Buffer, vendor: string) {
    this.key = createHmac('sha256', platformKey).update(`${DERIVATION_CONTEXT}\0${vendor}`).digest();
  }

  /** A user, e.g. `u_Q2xhc3NpZmllZC1pZC0x`. */
  user(userId: string): string {
    return `u_${this.hash('user', userId)}`;
  }

  /** A rating (`r_…`) or a battle (`b_…`): stable across exports, so a re-download replaces lines instead of adding. */
  record(kind: 'rating' | 'battle', id: string): string {
    return `${kind[0]}_${this.hash(kind, id)}`;
  }

  private hash(domain: string, id: string): string {
    return createHmac('sha256', this.key).update(`${domain}\0${id}`).digest('base64url').slice(0, PSEUDONYM_CHARS);
  }
}
