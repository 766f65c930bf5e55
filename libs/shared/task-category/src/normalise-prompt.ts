/**
 * Staff type the same word many ways: ＳＱＬ and SQL, ﾊﾟｲｿﾝ and パイソン, Ｐｙｔｈｏｎ and python. NFKC folds
 * full-width ASCII to half-width and half-width katakana to full-width (with their voiced marks joined), and
 * lower-casing lets every cue be written once. Offsets into the result do not map back to the original (NFKC may
 * shorten it), which is fine: signals report the matched text, not positions.
 */
const NEEDS_NFKC = /[\uFF01-\uFFEE\u3000]/;

export function normalisePrompt(text: string): string {
  // NFKC is the costly step; plain ASCII-and-kanji chat text skips it (it is already in normal form for our cues).
  const folded = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  return folded.toLowerCase();
}
