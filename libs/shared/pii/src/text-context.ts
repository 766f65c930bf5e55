/**
 * Small, allocation-free questions the detectors ask about the characters around a candidate: is it glued to a
 * longer code, which cue words stand before it. All take the normalised text (ASCII digits, '-' and ' ').
 */

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiAlphanumeric(code: number): boolean {
  return isAsciiDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isHyphenOrDot(code: number): boolean {
  return code === 0x2d || code === 0x2e;
}

/**
 * True when [start, end) is a whole code rather than part of a longer one. Glued: a letter or digit touching it;
 * a hyphen or dot between it and a letter or digit ("AB-123456789018", "…5678.pdf"); a slash or space between
 * it and more digits ("1234 5678 9012 3456" around a 12-digit candidate), or a slash after a word
 * ("/content/…"). Not glued: "TEL 03-1234-5678 FAX", "045-671-2345/FAX". `charCodeAt` outside the string is
 * NaN, which is neither, so the text's edges need no special case.
 */
export function standsAlone(text: string, start: number, end: number): boolean {
  return isFreeBefore(text, start) && isFreeAfter(text, end);
}

/** The "before" half of `standsAlone`. */
export function isFreeBefore(text: string, start: number): boolean {
  const before = text.charCodeAt(start - 1);
  const beforeThat = text.charCodeAt(start - 2);
  if (isAsciiAlphanumeric(before)) return false;
  if ((isHyphenOrDot(before) || before === 0x2f) && isAsciiAlphanumeric(beforeThat)) return false;
  return !(before === 0x20 && isAsciiDigit(beforeThat));
}

/** The "after" half of `standsAlone`. */
export function isFreeAfter(text: string, end: number): boolean {
  const after = text.charCodeAt(end);
  const afterThat = text.charCodeAt(end + 1);
  if (isAsciiAlphanumeric(after)) return false;
  if (isHyphenOrDot(after) && isAsciiAlphanumeric(afterThat)) return false;
  return !((after === 0x20 || after === 0x2f) && isAsciiDigit(afterThat));
}

const SENTENCE_BREAKS = /[。\n！？!?]/g;

/**
 * The up to `width` characters before `start`, cut at the last sentence break, so a cue in the previous sentence
 * ("…普通の手続きです。1234567") does not qualify a number in this one.
 */
export function textBefore(text: string, start: number, width: number): string {
  const window = text.slice(Math.max(0, start - width), start);
  let cut = 0;
  SENTENCE_BREAKS.lastIndex = 0;
  while (SENTENCE_BREAKS.exec(window) !== null) cut = SENTENCE_BREAKS.lastIndex;
  return cut === 0 ? window : window.slice(cut);
}

/** The up to `width` characters after `end`. */
export function textAfter(text: string, end: number, width: number): string {
  return text.slice(end, end + width);
}

/**
 * Labels of other numbers. A 12-digit 受付番号 passes the My Number check digit one time in eleven, so a number
 * introduced as something else is not taken for personal data unless a personal cue is nearer.
 */
export const RECORD_NUMBER_CUE = /(?:注文|受付|管理|伝票|整理|文書|会員|顧客|予約|証明書|案件|問合せ|問い合わせ|お問合せ|追跡|製造|商品|契約|請求|登録|口座)番号|伝票|No\.?|ID|コード/;

/** Counts and amounts: a number followed by one of these is a quantity, never an identifier. */
export function isFollowedByQuantity(text: string, end: number): boolean {
  return /^[ ]?[円件人名個万億%台回枚本歳年月日時分秒倍冊]/.test(text.slice(end, end + 2));
}
