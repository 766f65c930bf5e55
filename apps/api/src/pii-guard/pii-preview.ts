import type { PiiFinding, PiiKind } from '@gennai/pii';

const HIDDEN = '•';
const DIGIT = /[0-9０-９]/u;

/** Kinds that are numbers: the last digits stay readable, like the end of a card number on a receipt. */
const NUMBERS: ReadonlySet<PiiKind> = new Set(['my_number', 'corporate_number', 'credit_card', 'bank_account', 'phone', 'postal_code']);

/**
 * A finding with most of it hidden, for telling the user *which* value the guard means without repeating it:
 * `090-••••-5678`, `••••-••••-••••-1234`, `t•••@example.go.jp`, `東京都千代田区霞が関•-•-•`, `昭和••年•月•日`.
 * Numbers keep their last 4 digits (10 digits or more) or 2 (6–9 digits), so even a full preview cannot be dialled
 * or charged; an e-mail address keeps its first letter and its domain; addresses and dates keep only their words.
 */
export function piiPreview(finding: Pick<PiiFinding, 'kind' | 'value'>): string {
  const { kind, value } = finding;
  if (kind === 'email') return emailPreview(value);
  const digits = Array.from(value).filter((char) => DIGIT.test(char)).length;
  const keep = !NUMBERS.has(kind) ? 0 : digits >= 10 ? 4 : digits >= 6 ? 2 : 0;
  let seen = 0;
  return Array.from(value)
    .map((char) => (DIGIT.test(char) && ++seen <= digits - keep ? HIDDEN : char))
    .join('');
}

function emailPreview(value: string): string {
  const at = Math.max(value.lastIndexOf('@'), value.lastIndexOf('＠'));
  if (at <= 0) return HIDDEN.repeat(3);
  return `${Array.from(value.slice(0, at))[0]}${HIDDEN.repeat(3)}${value.slice(at)}`;
}
