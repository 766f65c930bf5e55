import { addressDetector } from './detectors/address.detector';
import { bankAccountDetector } from './detectors/bank-account.detector';
import { birthDateDetector } from './detectors/birth-date.detector';
import { creditCardDetector } from './detectors/credit-card.detector';
import { emailDetector } from './detectors/email.detector';
import { corporateNumberDetector, myNumberDetector } from './detectors/my-number.detector';
import { phoneDetector } from './detectors/phone.detector';
import type { PiiCandidate, PiiDetector } from './detectors/pii-detector';
import { postalCodeDetector } from './detectors/postal-code.detector';
import { toMatchableText } from './matchable-text';
import { DEFAULT_PII_KINDS, type PiiFinding, type PiiKind } from './pii-kind';
import { resolveOverlaps } from './resolve-overlaps';

const DETECTORS: Readonly<Record<PiiKind, PiiDetector>> = {
  my_number: myNumberDetector,
  corporate_number: corporateNumberDetector,
  credit_card: creditCardDetector,
  bank_account: bankAccountDetector,
  phone: phoneDetector,
  email: emailDetector,
  postal_code: postalCodeDetector,
  address: addressDetector,
  birth_date: birthDateDetector,
};

export interface DetectPiiOptions {
  /** Kinds to look for; default `DEFAULT_PII_KINDS` (every kind but corporate_number). */
  kinds?: readonly PiiKind[];
}

/**
 * Finds personal data in Japanese (or mixed) text. Findings are sorted by position and never overlap; offsets
 * are UTF-16 code units into `text` exactly as given, whatever width its digits and hyphens were written in.
 * Pure and synchronous: the same function warns in the browser as the user types and enforces in the API.
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiFinding[] {
  const matchable = toMatchableText(text);
  if (matchable === null) return [];
  const candidates: PiiCandidate[] = [];
  for (const kind of options.kinds ?? DEFAULT_PII_KINDS) DETECTORS[kind].detect(matchable, candidates);
  return resolveOverlaps(candidates).map(({ kind, start, end }) => ({ kind, start, end, value: text.slice(start, end) }));
}
