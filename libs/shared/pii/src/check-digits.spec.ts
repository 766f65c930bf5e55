import { describe, expect, it } from 'vitest';
import { corporateNumberCheckDigit, isValidCorporateNumber, isValidMyNumber, myNumberCheckDigit, passesLuhn } from './check-digits';

describe('My Number check digit (施行令 第8条)', () => {
  it('follows the worked example: 12345678901 → Σ Pn×Qn = 212, 212 mod 11 = 3, check digit 11 − 3 = 8', () => {
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    expect(isValidMyNumber('123456789018')).toBe(true);
  });

  it('gives 0 when the remainder is 0 or 1, and 11 − remainder otherwise', () => {
    expect(myNumberCheckDigit('00000000000')).toBe(0); // Σ = 0 → remainder 0 → 0
    expect(myNumberCheckDigit('00000000006')).toBe(0); // P1 = 6, Q1 = 2 → Σ = 12 → remainder 1 → 0
    expect(myNumberCheckDigit('00000000005')).toBe(1); // P1 = 5, Q1 = 2 → Σ = 10 → 11 − 10
    expect(myNumberCheckDigit('00000100000')).toBe(4); // P6 = 1, Q6 = 7 → Σ = 7 → 11 − 7
    expect(myNumberCheckDigit('00001000000')).toBe(9); // P7 = 1, Q7 = 2 (the weights restart) → 11 − 2
    expect(myNumberCheckDigit('60000000000')).toBe(8); // P11 = 6, Q11 = 6 → Σ = 36 → remainder 3 → 11 − 3
  });

  it('refuses every wrong check digit of a valid number', () => {
    for (let wrong = 0; wrong <= 9; wrong++) {
      expect(isValidMyNumber(`12345678901${wrong}`)).toBe(wrong === 8);
    }
  });

  it('refuses anything that is not exactly 12 ASCII digits', () => {
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('1234567890180')).toBe(false);
    expect(isValidMyNumber('1234 5678 9018')).toBe(false);
    expect(isValidMyNumber('１２３４５６７８９０１８')).toBe(false);
    expect(() => myNumberCheckDigit('1234')).toThrow(RangeError);
  });
});

describe('Corporate Number check digit (法人番号の指定等に関する省令 第2条)', () => {
  it("follows the worked example of the National Tax Agency's own number 7000012050002", () => {
    // base 000012050002, from the right: 2×1 + 5×1 + 2×1 + 1×2 = 11; 11 mod 9 = 2; 9 − 2 = 7 (the FIRST digit)
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    expect(isValidCorporateNumber('6000012050002')).toBe(false);
  });

  it('gives 9 when the weighted sum is a multiple of 9', () => {
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    expect(corporateNumberCheckDigit('000000000009')).toBe(9);
  });
});

describe('Luhn', () => {
  it('accepts the classic test numbers and refuses them with one digit changed', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('3530111333300000')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('378282246310006')).toBe(false);
  });

  it('doubles every second digit from the right: 79927398713 is the textbook example', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });

  it('refuses non-digits and single digits', () => {
    expect(passesLuhn('4111-1111-1111-1111')).toBe(false);
    expect(passesLuhn('0')).toBe(false);
  });
});
