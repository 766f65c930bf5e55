import { isFollowedByQuantity, standsAlone, textBefore } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

/** A 7-digit account number, or a ゆうちょ銀行 記号番号 (5-digit 記号, 8-digit 番号). */
const ACCOUNT_NUMBER = /[0-9]{5}-[0-9]{8}|[0-9]{7}/g;
/**
 * The words that introduce an account in a Japanese transfer instruction: "みずほ銀行 霞が関支店 普通 1234567",
 * "口座番号：1234567", "当座預金 1234567", "ゆうちょ銀行 記号番号 12345-12345678". The bank and branch names may
 * stand between the cue and the number, so the cue is looked for in the preceding 24 characters of the sentence.
 */
const ACCOUNT_CUE = /口座|普通|当座|預金|貯金|記号番号|ゆうちょ/;

/** 口座番号: the number only (bank and branch names alone do not identify anyone). */
export const bankAccountDetector: PiiDetector = {
  kind: 'bank_account',
  detect({ normalised: text }, found) {
    eachMatch(ACCOUNT_NUMBER, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (!standsAlone(text, start, end) || isFollowedByQuantity(text, end)) return false;
      if (!ACCOUNT_CUE.test(textBefore(text, start, 24))) return false;
      found.push({ kind: 'bank_account', start, end });
      return true;
    });
  },
};
