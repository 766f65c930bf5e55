/**
 * The check-digit formulas that tell an identifier from any other number of the same length. Each takes a string
 * of ASCII digits (separators already removed) and never throws.
 */

function digitAt(digits: string, index: number): number {
  return digits.charCodeAt(index) - 0x30;
}

function isDigitString(digits: string, length: number): boolean {
  if (digits.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/**
 * 個人番号 (My Number) check digit, 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条:
 * with Pn the n-th of the 11 base digits counted from the right and Qn = n + 1 for n ≤ 6, n − 5 for n ≥ 7,
 * r = Σ Pn × Qn mod 11; the check digit is 0 when r ≤ 1, else 11 − r.
 * Worked example: 12345678901 → Σ = 212, 212 mod 11 = 3, check digit 8, so 123456789018 is well-formed.
 */
export function myNumberCheckDigit(base: string): number {
  if (!isDigitString(base, 11)) throw new RangeError('a My Number base is 11 digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += digitAt(base, 11 - n) * (n <= 6 ? n + 1 : n - 5);
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

export function isValidMyNumber(digits: string): boolean {
  return isDigitString(digits, 12) && myNumberCheckDigit(digits.slice(0, 11)) === digitAt(digits, 11);
}

/**
 * 法人番号 (Corporate Number) check digit, 法人番号の指定等に関する省令 第2条: the FIRST of the 13 digits is
 * 9 − (Σ Pn × Qn mod 9), with Pn the n-th of the 12 base digits counted from the right and Qn = 1 for odd n,
 * 2 for even n. Worked example: the National Tax Agency's own number 7000012050002 (base 000012050002:
 * Σ = 11, 11 mod 9 = 2, 9 − 2 = 7).
 */
export function corporateNumberCheckDigit(base: string): number {
  if (!isDigitString(base, 12)) throw new RangeError('a Corporate Number base is 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += digitAt(base, 12 - n) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(digits: string): boolean {
  return isDigitString(digits, 13) && corporateNumberCheckDigit(digits.slice(1)) === digitAt(digits, 0);
}

/** Luhn (ISO/IEC 7812-1): doubling every second digit from the right, the sum is a multiple of 10. */
export function passesLuhn(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let digit = digitAt(digits, i);
    if (digit < 0 || digit > 9) return false;
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Keeps only the ASCII digits of a normalised candidate ("1234-5678 9012" → "123456789012"). */
export function digitsOf(candidate: string): string {
  return candidate.replace(/[^0-9]/g, '');
}
