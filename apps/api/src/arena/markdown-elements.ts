/**
 * How much markdown an answer uses: headers, list items and bold spans — the style covariate of the style-controlled
 * leaderboard (docs/developer/arena-statistics.md). People prefer structured answers whatever their substance, so the
 * leaderboard can separate "better" from "more bullet points". Code blocks are skipped: a `# comment` in Python or a
 * `* ptr` in C is not formatting the reader sees.
 */
const FENCE = /^\s*(```|~~~)/;
const HEADER = /^\s{0,3}#{1,6}\s+\S/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\S/;
const BOLD = /(\*\*|__)(?=\S)[^\n]*?\S\1/g;

export function countMarkdownElements(text: string): number {
  let count = 0;
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const opening = FENCE.exec(line);
    if (opening) {
      if (fence === null) fence = opening[1];
      else if (fence === opening[1]) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (HEADER.test(line)) count++;
    else if (LIST_ITEM.test(line)) count++;
    count += line.match(BOLD)?.length ?? 0;
  }
  return count;
}
