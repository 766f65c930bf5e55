import { standsAlone, textAfter, textBefore } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

const POSTAL_CODE = /[0-9]{3}-[0-9]{4}|[0-9]{7}/g;
/** 〒 or 郵便番号 right before the digits, with at most a colon, a space or a particle between. */
const POSTAL_CUE = /(?:〒|郵便番号|ZIP|zip)[ :]*(?:は|:)?[ ]*$/;

/**
 * 郵便番号: "123-4567" anywhere, except when it is numbered as something else (第123-4567号); seven digits written
 * together only right after 〒 or 郵便番号, since a bare seven-digit number is as often an amount or an account.
 * The span is the digits alone: "〒" stays readable in masked text ("〒［郵便番号］").
 */
export const postalCodeDetector: PiiDetector = {
  kind: 'postal_code',
  detect({ normalised: text }, found) {
    eachMatch(POSTAL_CODE, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (!standsAlone(text, start, end)) return false;
      const cued = POSTAL_CUE.test(textBefore(text, start, 8));
      if (match[0].length === 7 && !cued) return false;
      if (!cued && (text[start - 1] === '第' || /^ ?号/.test(textAfter(text, end, 2)))) return false;
      found.push({ kind: 'postal_code', start, end });
      return true;
    });
  },
};
