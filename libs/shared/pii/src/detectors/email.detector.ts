import type { PiiDetector } from './pii-detector';

/** Characters of an address's local part (RFC 5322 dot-atom, the subset people actually use). */
function isLocalCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) ||
    code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x2d
  );
}

function isDomainCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;
/** The domain must end in a dot and an alphabetic top-level label of two or more letters. */
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

/**
 * メールアドレス: found from each '@' (full-width ＠ is normalised), expanding left over the local part and right
 * over the domain. Japanese text around an address ("taro@example.jpまで") stops the expansion by itself because
 * it is not ASCII. A trailing '.' or '-' is sentence punctuation, not part of the address.
 */
export const emailDetector: PiiDetector = {
  kind: 'email',
  detect({ normalised: text }, found) {
    let lastEnd = 0;
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > lastEnd && at - start < MAX_LOCAL_PART && isLocalCharacter(text.charCodeAt(start - 1))) start--;
      while (text.charCodeAt(start) === 0x2e) start++; // a local part does not begin with '.'
      let end = at + 1;
      while (end < text.length && end - at <= MAX_DOMAIN && isDomainCharacter(text.charCodeAt(end))) end++;
      while (end > at + 1 && (text.charCodeAt(end - 1) === 0x2e || text.charCodeAt(end - 1) === 0x2d)) end--;
      if (start === at || !DOMAIN.test(text.slice(at + 1, end))) continue;
      found.push({ kind: 'email', start, end });
      lastEnd = end;
    }
  },
};
