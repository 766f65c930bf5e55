import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, FIELD_MESSAGES, RESOURCE_NAMES, errorMessage } from './errors';
import { SUPPORTED_LOCALES } from './locale';

describe('error catalogue', () => {
  it('has every message in every language, with the same placeholders', () => {
    for (const catalogue of [ERROR_MESSAGES, FIELD_MESSAGES, RESOURCE_NAMES]) {
      for (const [code, texts] of Object.entries(catalogue)) {
        const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        for (const locale of SUPPORTED_LOCALES) expect(texts[locale], `${code}.${locale}`).toMatch(/\S/);
        expect(placeholders(texts.en), code).toEqual(placeholders(texts.ja));
      }
    }
  });

  it('fills in placeholders', () => {
    expect(errorMessage('message_too_long', 'ja', { max: 10, actual: 12 })).toBe('メッセージが長すぎます（10文字まで、現在12文字）。');
    expect(errorMessage('unknown_model', 'en', { modelId: 'x' })).toBe('The model "x" is not available.');
  });
});
