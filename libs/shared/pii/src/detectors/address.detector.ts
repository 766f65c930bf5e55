import { isAsciiDigit, textAfter } from '../text-context';
import { eachMatch, type PiiDetector } from './pii-detector';

const PREFECTURES =
  '北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県';
/** A character of a place name: anything but digits, spaces, punctuation, brackets and 第 (which numbers things). */
const PLACE = '[^\\s0-9、。,.「」『』()【】［］\\[\\]:;!?！？・第]';

/**
 * 都道府県, then 市区町村 (with an optional 郡 before and a ward of a designated city after, both caught by the
 * lazy name part), then the town and its 丁目 (kanji numerals included), then the block and house number in
 * arabic digits. Every quantifier is bounded, so a failing candidate costs a few hundred steps at most.
 *   1 the number part, e.g. "2丁目1番3号", "1-3-1", "11番地", "北1条西2丁目"
 */
const ADDRESS = new RegExp(
  `(?:${PREFECTURES})[ ]?${PLACE}{1,9}?[市区町村][ ]?${PLACE}{0,12}?[ ]?([0-9]{1,4}(?:(?:丁目|番地の?|番|号|条[東西南北]?|-|の)[0-9]{1,4})*(?:丁目|番地|番|号)?)`,
  'g',
);

/**
 * The number part must look like a street address, not a count or a date that happens to follow a place name
 * ("東京都千代田区で3-4月に", "東京都港区では1番多い"): a 丁目 or 番地, a 番 followed by a number, or two numbers
 * joined by a hyphen that no unit follows.
 */
function isStreetNumber(number: string, after: string): boolean {
  if (/丁目|番地|条/.test(number)) return true;
  if (/^[0-9]+番[0-9]/.test(number)) return true;
  return /^[0-9]+-[0-9]/.test(number) && !/^[年月日時分秒歳%度回年代]/.test(after);
}

/**
 * 住所: at least prefecture, municipality and a house number. The span runs from the prefecture to the end of the
 * number; a building name and room after it are left out (a known limit, documented).
 */
export const addressDetector: PiiDetector = {
  kind: 'address',
  detect({ normalised: text }, found) {
    eachMatch(ADDRESS, text, (match) => {
      const end = match.index + match[0].length;
      if (isAsciiDigit(text.charCodeAt(end)) || !isStreetNumber(match[1], textAfter(text, end, 1))) return false;
      found.push({ kind: 'address', start: match.index, end });
      return true;
    });
  },
};
