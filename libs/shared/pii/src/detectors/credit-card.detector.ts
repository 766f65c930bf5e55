import { digitsOf, passesLuhn } from '../check-digits';
import { standsAlone } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

/**
 * Card number layouts as printed: 4-4-4-4 (and 4-4-4-4-3 for 19 digits), Amex 4-6-5 and Diners 4-6-4, with a
 * space or a hyphen used throughout; or 13–19 digits written together.
 */
const CARD_NUMBER = /[0-9]{4}([ -])(?:[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{3})?|[0-9]{6}\1[0-9]{4,5})|[0-9]{13,19}/g;

interface IssuerRange {
  readonly issuer: string;
  /** Inclusive range of the number's first `prefixLength` digits. */
  readonly from: number;
  readonly to: number;
  readonly prefixLength: number;
  readonly lengths: readonly number[];
}

const LONG = [16, 17, 18, 19];

/** Issuer identification numbers of the brands used in Japan (ISO/IEC 7812 ranges as the brands publish them). */
const ISSUER_RANGES: readonly IssuerRange[] = [
  { issuer: 'Visa', from: 4, to: 4, prefixLength: 1, lengths: [13, 16, 19] },
  { issuer: 'Mastercard', from: 51, to: 55, prefixLength: 2, lengths: [16] },
  { issuer: 'Mastercard', from: 2221, to: 2720, prefixLength: 4, lengths: [16] },
  { issuer: 'American Express', from: 34, to: 34, prefixLength: 2, lengths: [15] },
  { issuer: 'American Express', from: 37, to: 37, prefixLength: 2, lengths: [15] },
  { issuer: 'JCB', from: 3528, to: 3589, prefixLength: 4, lengths: LONG },
  { issuer: 'Diners Club', from: 300, to: 305, prefixLength: 3, lengths: [14, ...LONG] },
  { issuer: 'Diners Club', from: 36, to: 36, prefixLength: 2, lengths: [14, ...LONG] },
  { issuer: 'Diners Club', from: 38, to: 39, prefixLength: 2, lengths: [16, 17, 18, 19] },
  { issuer: 'Discover', from: 6011, to: 6011, prefixLength: 4, lengths: LONG },
  { issuer: 'Discover', from: 644, to: 649, prefixLength: 3, lengths: LONG },
  { issuer: 'Discover', from: 65, to: 65, prefixLength: 2, lengths: LONG },
  { issuer: 'UnionPay', from: 62, to: 62, prefixLength: 2, lengths: LONG },
];

/** The brand whose range and length the digits fit, or null. */
export function cardIssuerOf(digits: string): string | null {
  for (const range of ISSUER_RANGES) {
    if (!range.lengths.includes(digits.length)) continue;
    const prefix = Number(digits.slice(0, range.prefixLength));
    if (prefix >= range.from && prefix <= range.to) return range.issuer;
  }
  return null;
}

/** クレジットカード番号: a known issuer's range and length, and a valid Luhn check digit. */
export const creditCardDetector: PiiDetector = {
  kind: 'credit_card',
  detect({ normalised: text }, found) {
    eachMatch(CARD_NUMBER, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (!standsAlone(text, start, end)) return false;
      const digits = digitsOf(match[0]);
      if (cardIssuerOf(digits) === null || !passesLuhn(digits)) return false;
      found.push({ kind: 'credit_card', start, end });
      return true;
    });
  },
};
