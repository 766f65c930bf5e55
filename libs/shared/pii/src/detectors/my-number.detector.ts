import { digitsOf, isValidCorporateNumber, isValidMyNumber } from '../check-digits';
import { RECORD_NUMBER_CUE, standsAlone, textBefore } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

/** 12 digits, contiguous or 4-4-4 with one separator used throughout. */
const MY_NUMBER = /[0-9]{4}([ -]?)[0-9]{4}\1[0-9]{4}/g;
const PERSONAL_NUMBER_CUE = /マイナンバー|個人番号|my ?number/i;

/**
 * 個人番号: a 12-digit number whose check digit is right. A wrong check digit means it is not a My Number (a
 * mistyped one is caught by the user's own system, not by us). A number introduced as another kind of number
 * (受付番号, 注文番号 …) is skipped unless a マイナンバー/個人番号 cue is also there: one 12-digit number in
 * eleven has a valid check digit by chance.
 */
export const myNumberDetector: PiiDetector = {
  kind: 'my_number',
  detect({ normalised: text }, found) {
    eachMatch(MY_NUMBER, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (!standsAlone(text, start, end) || !isValidMyNumber(digitsOf(match[0]))) return false;
      const before = textBefore(text, start, 16);
      if (RECORD_NUMBER_CUE.test(before) && !PERSONAL_NUMBER_CUE.test(before)) return false;
      found.push({ kind: 'my_number', start, end });
      return true;
    });
  },
};

/** 13 digits, contiguous or 1-4-4-4. */
const CORPORATE_NUMBER = /[0-9]([ -]?)[0-9]{4}\1[0-9]{4}\1[0-9]{4}/g;

/** 法人番号: 13 digits whose leading check digit is right (opt-in; see DEFAULT_PII_KINDS). */
export const corporateNumberDetector: PiiDetector = {
  kind: 'corporate_number',
  detect({ normalised: text }, found) {
    eachMatch(CORPORATE_NUMBER, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (!standsAlone(text, start, end) || !isValidCorporateNumber(digitsOf(match[0]))) return false;
      found.push({ kind: 'corporate_number', start, end });
      return true;
    });
  },
};
