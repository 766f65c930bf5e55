import { digitsOf } from '../check-digits';
import { RECORD_NUMBER_CUE, isFreeAfter, isFreeBefore, textBefore } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

/**
 * A Japanese number as people write it: national (0…) or international (+81, optionally +81(0)…), either in
 * three groups — area code, local exchange, subscriber — separated by '-', ' ' or brackets ("03-1234-5678",
 * "(03)1234-5678", "03(1234)5678", "0120-123-456", "+81 90 1234 5678"), or written together ("0312345678").
 * The pattern accepts a little more than is valid; `parseJapaneseNumber` decides.
 */
const PHONE =
  /(?:\+81[ -]?(?:\(0\)[ -]?)?|\(0|0)(?:[0-9]{1,4}(?:\)[ -]?|[ (-])[0-9]{1,4}(?:\)[ -]?|[ -])[0-9]{3,4}|[0-9]{8,10})/g;

/** Letters that may touch a number and still introduce it as a phone number ("TEL03-1234-5678"). */
const LATIN_LABEL = /(?:TEL|Tel|tel|FAX|Fax|fax|PHONE|Phone|phone)[.:]?$/;
const PHONE_CUE = /電話|TEL|Tel|tel|FAX|Fax|携帯|連絡先|内線|直通/;

/**
 * Lengths from the Ministry of Internal Affairs numbering plan: 11 digits for mobile and IP phones (070, 080,
 * 090, 050), M2M (020) and free dial 0800; 10 digits for everything else (fixed lines, 0120, 0570).
 */
function expectedLength(national: string): number {
  return /^0(?:[2-9]0|800)/.test(national) && !/^0(?:570|990)/.test(national) ? 11 : 10;
}

const INTERNATIONAL_PREFIX = /^\+81[ -]?(?:\(0\)[ -]?)?/;

/** How the candidate is laid out, or null when it is not a valid Japanese number. */
function parseJapaneseNumber(candidate: string): { grouped: boolean } | null {
  let opens = 0;
  let closes = 0;
  for (let i = 0; i < candidate.length; i++) {
    if (candidate[i] === '(') opens++;
    else if (candidate[i] === ')') closes++;
  }
  if (opens !== closes) return null;

  const international = candidate.startsWith('+');
  const body = international ? candidate.replace(INTERNATIONAL_PREFIX, '') : candidate;
  const digits = digitsOf(body);
  const subscriber = international ? digits : digits.slice(1);
  if (subscriber.length === 0 || subscriber[0] === '0') return null; // 00… is the international call prefix
  const national = `0${subscriber}`;
  if (national.length !== expectedLength(national)) return null;

  const firstGroup = /^\(?([0-9]+)/.exec(body)?.[1] ?? '';
  if (firstGroup.length === digits.length) return { grouped: false };
  const areaCode = firstGroup.length + (international ? 1 : 0); // the area code counted with its leading 0
  return areaCode >= 2 && areaCode <= 5 ? { grouped: true } : null;
}

/** 電話番号: fixed, mobile (070/080/090), IP (050), free dial (0120/0800), navi dial (0570) and +81 forms. */
export const phoneDetector: PiiDetector = {
  kind: 'phone',
  detect({ normalised: text }, found) {
    eachMatch(PHONE, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      // A label touching the number ("FAX06-…") replaces the check before it: what precedes the label is
      // another field ("TEL 06-6543-2109 FAX06-6543-2110").
      const labelled = LATIN_LABEL.test(text.slice(Math.max(0, start - 6), start));
      if (!(labelled || isFreeBefore(text, start)) || !isFreeAfter(text, end)) return false;
      const layout = parseJapaneseNumber(match[0]);
      if (layout === null) return false;
      if (!layout.grouped) {
        // Ten digits written together are also how order and record numbers look: trust a cue over the shape.
        const before = textBefore(text, start, 16);
        if (RECORD_NUMBER_CUE.test(before) && !PHONE_CUE.test(before)) return false;
      }
      found.push({ kind: 'phone', start, end });
      return true;
    });
  },
};
