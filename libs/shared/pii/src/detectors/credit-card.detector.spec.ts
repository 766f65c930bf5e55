import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';
import { cardIssuerOf } from './credit-card.detector';

const cards = (text: string) => detectPii(text, { kinds: ['credit_card'] }).map((f) => f.value);

describe('credit card numbers', () => {
  it('finds Luhn-valid numbers of known issuers in their printed layouts', () => {
    expect(cards('カード 4111 1111 1111 1111 で決済')).toEqual(['4111 1111 1111 1111']);
    expect(cards('カード 4111-1111-1111-1111')).toEqual(['4111-1111-1111-1111']);
    expect(cards('カード 4111111111111111')).toEqual(['4111111111111111']);
    expect(cards('Amex 3782 822463 10005')).toEqual(['3782 822463 10005']);
    expect(cards('JCB ３５３０ １１１３ ３３３０ ００００')).toEqual(['３５３０ １１１３ ３３３０ ００００']);
  });

  it('does not take a number that fails Luhn, or that no issuer uses', () => {
    expect(cards('4111 1111 1111 1112')).toEqual([]);
    expect(cards('照会番号 1234 5678 9012 3452')).toEqual([]); // Luhn-valid, but no brand starts with 1
  });

  it('does not take a card-length run inside a longer number', () => {
    expect(cards('41111111111111110')).toEqual([]);
  });

  it('names the issuer by range and length', () => {
    expect(cardIssuerOf('4111111111111111')).toBe('Visa');
    expect(cardIssuerOf('5555555555554444')).toBe('Mastercard');
    expect(cardIssuerOf('2221000000000009')).toBe('Mastercard');
    expect(cardIssuerOf('378282246310005')).toBe('American Express');
    expect(cardIssuerOf('3530111333300000')).toBe('JCB');
    expect(cardIssuerOf('36227206271667')).toBe('Diners Club');
    expect(cardIssuerOf('37828224631000')).toBeNull(); // Amex prefix, wrong length
  });
});
