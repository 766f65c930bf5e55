import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_CAPABILITIES, ROLES, SUPPORTED_LOCALES } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ja } from './ja';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf of a catalogue as `dotted.key` → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') leaves.set(path, value);
    else for (const [leaf, text] of flatten(value, path)) leaves.set(leaf, text);
  }
  return leaves;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  const catalogues = { ja: flatten(ja), en: flatten(en) };

  it('has every key in both Japanese and English', () => {
    const missingInEn = [...catalogues.ja.keys()].filter((key) => !catalogues.en.has(key));
    const missingInJa = [...catalogues.en.keys()].filter((key) => !catalogues.ja.has(key));
    expect({ missingInEn, missingInJa }).toEqual({ missingInEn: [], missingInJa: [] });
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const [key, jaText] of catalogues.ja) {
      const enText = catalogues.en.get(key) ?? '';
      expect(jaText, `ja ${key}`).toMatch(/\S/);
      expect(enText, `en ${key}`).toMatch(/\S/);
      expect(placeholders(enText), key).toEqual(placeholders(jaText));
    }
  });

  it('avoids characters vue-i18n would read as message syntax', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, text] of catalogue) expect(text, `${locale} ${key}`).not.toMatch(/[@|$]/);
    }
  });
});

/** Source files of the app (not the tests), relative to src/. */
function sourceFiles(dir = join(import.meta.dirname, '..')): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('i18n keys used by the app', () => {
  it('exist in the catalogues', () => {
    const known = flatten(ja);
    const used = new Set<string>();
    for (const file of sourceFiles()) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:t|translate)\(\s*'([\w.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });

  it('names every role and model capability the admin pages list (their keys are built at run time)', () => {
    const known = flatten(ja);
    const missing = [
      ...ROLES.map((role) => `roles.${role}`),
      ...MODEL_CAPABILITIES.map((capability) => `admin.capability.${capability === 'json-output' ? 'jsonOutput' : capability}`),
    ].filter((key) => !known.has(key));
    expect(missing).toEqual([]);
  });

  it('names every supported language in the language switcher', () => {
    for (const locale of SUPPORTED_LOCALES) expect(flatten(ja).get(`language.${locale}`), locale).toBeTruthy();
  });
});
