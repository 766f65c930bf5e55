import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('defaults to Japanese', () => {
    expect(negotiateLocale(undefined)).toBe('ja');
    expect(negotiateLocale('')).toBe('ja');
    expect(negotiateLocale('fr-FR,de;q=0.8')).toBe('ja');
  });

  it('honours the browser preference order and q-values', () => {
    expect(negotiateLocale('en-US,en;q=0.9,ja;q=0.8')).toBe('en');
    expect(negotiateLocale('en;q=0.5, ja;q=0.9')).toBe('ja');
    expect(negotiateLocale('ja-JP')).toBe('ja');
  });

  it('ignores languages refused with q=0', () => {
    expect(negotiateLocale('en;q=0, ja;q=0.1')).toBe('ja');
  });
});
