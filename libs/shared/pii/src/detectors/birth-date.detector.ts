import { isAsciiDigit, textAfter, textBefore } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

/** First and last year of each era (令和 has no end yet). */
const ERAS: Readonly<Record<string, { readonly firstYear: number; readonly lastEraYear: number }>> = {
  明治: { firstYear: 1868, lastEraYear: 45 },
  大正: { firstYear: 1912, lastEraYear: 15 },
  昭和: { firstYear: 1926, lastEraYear: 64 },
  平成: { firstYear: 1989, lastEraYear: 31 },
  令和: { firstYear: 2019, lastEraYear: 99 },
};
/** The one-letter era abbreviations of forms and registers ("S60.4.1"). */
const ERA_LETTERS: Readonly<Record<string, string>> = { M: '明治', T: '大正', S: '昭和', H: '平成', R: '令和' };

/**
 * The date shapes, in one pattern so the text is scanned once:
 *   1 era, 2 era year      平成2年1月2日, 令和元年5月1日   (4 month, 5 day)
 *   3 western year          1990年1月2日                   (4 month, 5 day)
 *   6 year 7 separator      1990/01/02, 1990-1-2, 1990.1.2 (8 month, 9 day)
 *   10 era letter, 11 year  H2.1.2, S60/4/1                (12 separator; 13 month, 14 day)
 */
const DATE =
  /(?:(明治|大正|昭和|平成|令和)[ ]?(元|[0-9]{1,2})|([0-9]{4}))[ ]?年[ ]?([0-9]{1,2})[ ]?月[ ]?([0-9]{1,2})[ ]?日|([0-9]{4})([/.-])([0-9]{1,2})\7([0-9]{1,2})|([MTSHR])([0-9]{1,2})([/.])([0-9]{1,2})\12([0-9]{1,2})/g;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1868 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
}

function yearOf(era: string, eraYear: string): number | null {
  const range = ERAS[era];
  const year = eraYear === '元' ? 1 : Number(eraYear);
  return year >= 1 && year <= range.lastEraYear ? range.firstYear + year - 1 : null;
}

function dateOf(match: RegExpExecArray): { year: number | null; month: number; day: number } {
  if (match[1] !== undefined) return { year: yearOf(match[1], match[2]), month: Number(match[4]), day: Number(match[5]) };
  if (match[3] !== undefined) return { year: Number(match[3]), month: Number(match[4]), day: Number(match[5]) };
  if (match[6] !== undefined) return { year: Number(match[6]), month: Number(match[8]), day: Number(match[9]) };
  return { year: yearOf(ERA_LETTERS[match[10]], match[11]), month: Number(match[13]), day: Number(match[14]) };
}

/** Words that make a date a birth date when they stand before it in the same sentence. */
const BIRTH_CUE_BEFORE = /生年月日|誕生日|生まれ|出生|生誕/;
/** "…1月2日生", "…1月2日生まれ", "(1990年1月2日生)". */
const BIRTH_CUE_AFTER = /^[ ]?\)?[ ]?生/;
/** A person named right before the date: "山田 太郎様（1990年1月2日）", "氏名：山田 太郎、1990年1月2日". */
const NAME_CUE_BEFORE = /(?:様|さん|氏|君|くん|ちゃん)[ (:、,]*$|(?:氏名|名前|お名前)[ :]*[\u3040-\u30FF\u4E00-\u9FFF々]{1,6}[ ]?[\u3040-\u30FF\u4E00-\u9FFF々]{0,6}[ (:、,]*$/;

/**
 * 生年月日: a date — western or Japanese era, with 年月日 or separators — that a cue marks as someone's birth date.
 * Dates of meetings, deadlines and laws carry no such cue and are left alone. The span is the date itself.
 */
export const birthDateDetector: PiiDetector = {
  kind: 'birth_date',
  detect({ normalised: text }, found) {
    eachMatch(DATE, text, (match) => {
      const start = match.index;
      const end = start + match[0].length;
      if (isAsciiDigit(text.charCodeAt(start - 1)) || isAsciiDigit(text.charCodeAt(end))) return false;
      const { year, month, day } = dateOf(match);
      if (year === null || !isCalendarDate(year, month, day)) return false;
      const before = textBefore(text, start, 20);
      const cued = BIRTH_CUE_BEFORE.test(before) || NAME_CUE_BEFORE.test(before) || BIRTH_CUE_AFTER.test(textAfter(text, end, 4));
      if (!cued) return true; // a valid date that is not a birth date: skip past it, not into it
      found.push({ kind: 'birth_date', start, end });
      return true;
    });
  },
};
