/**
 * Users type the same number many ways: ０９０－１２３４－５６７８, 090ー1234ー5678, 090 1234 5678. Detectors match
 * one spelling, so the text is first rewritten into ASCII digits, '-' and ' ' — one code unit for one code unit, so
 * every offset found in the normalised text is also an offset into the original and no offset map is needed.
 */
const NEEDS_NORMALISING = /[\uFF01-\uFF5E\u2010-\u2015\u2212\uFE63\uFF70\u30FC\u3000\u00A0]/g;
const HAS_MATCHABLE = /[0-9\uFF10-\uFF19@\uFF20]/;

const LONG_VOWEL_MARK = 0x30fc; // ー: a hyphen only between digits; in メール it must stay a letter.

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

function normaliseCharacter(character: string, offset: number, text: string): string {
  const code = character.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0); // full-width ASCII block
  if (code === 0x3000 || code === 0x00a0) return ' ';
  if (code === LONG_VOWEL_MARK) return isDigitAt(text, offset - 1) || isDigitAt(text, offset + 1) ? '-' : character;
  return '-'; // ‐ ‑ ‒ – — ― − ﹣ ｰ
}

/** The text as written (for values) beside its matching form (for patterns); both have the same length. */
export interface MatchableText {
  readonly original: string;
  readonly normalised: string;
}

/**
 * Every kind of finding contains an ASCII or full-width digit or an '@', so text without any is returned as
 * `null` without being copied: most chat text is answered by one native scan.
 */
export function toMatchableText(original: string): MatchableText | null {
  if (!HAS_MATCHABLE.test(original)) return null;
  return { original, normalised: original.replace(NEEDS_NORMALISING, normaliseCharacter) };
}
