import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Custom properties of a stylesheet's `:root` blocks, name → raw value. */
function customProperties(css: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const match of css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) properties.set(match[1], match[2].trim());
  return properties;
}

const tokensCss = readFileSync(createRequire(join(import.meta.dirname, 'theme.css')).resolve('@digital-go-jp/design-tokens/dist/tokens.css'), 'utf8');
const themeCss = readFileSync(join(import.meta.dirname, 'theme.css'), 'utf8');
const properties = new Map([...customProperties(tokensCss), ...customProperties(themeCss)]);

/** Follows `var(--x)` chains down to a hex colour. */
function resolveColour(name: string): string {
  let value = properties.get(name);
  for (let depth = 0; value?.startsWith('var('); depth++) {
    if (depth > 10) throw new Error(`${name}: var() loop`);
    value = properties.get(value.slice(4, -1).trim());
  }
  if (!value || !/^#[0-9a-f]{6}$/i.test(value)) throw new Error(`${name} does not resolve to a hex colour (got ${value})`);
  return value;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(foreground: string, background: string): number {
  const [a, b] = [luminance(resolveColour(foreground)), luminance(resolveColour(background))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

describe('theme colours (WCAG 2.1 AA)', () => {
  it.each([
    ['--gennai-color-text', '--gennai-color-background'],
    ['--gennai-color-text', '--gennai-color-surface'],
    ['--gennai-color-text', '--gennai-color-primary-soft'],
    ['--gennai-color-text', '--gennai-color-notice'],
    ['--gennai-color-text-muted', '--gennai-color-background'],
    ['--gennai-color-text-muted', '--gennai-color-surface'],
    ['--gennai-color-on-primary', '--gennai-color-primary'],
    ['--gennai-color-on-primary', '--gennai-color-primary-hover'],
    ['--gennai-color-primary', '--gennai-color-background'],
    ['--gennai-color-primary', '--gennai-color-primary-soft'],
    ['--gennai-color-link', '--gennai-color-background'],
    ['--gennai-color-link', '--gennai-color-surface'],
    ['--gennai-color-error', '--gennai-color-background'],
    ['--gennai-color-error', '--gennai-color-error-soft'],
    ['--gennai-color-success', '--gennai-color-background'],
    ['--gennai-color-on-badge', '--gennai-color-badge'],
    ['--gennai-color-on-badge', '--gennai-color-badge-domestic'],
    ['--gennai-color-on-badge', '--gennai-color-badge-neutral'],
    ['--gennai-color-on-primary', '--gennai-color-danger'],
    ['--gennai-color-on-primary', '--gennai-color-danger-hover'],
    ['--gennai-color-on-banner', '--gennai-color-banner'],
  ])('text %s on %s reaches 4.5:1', (foreground, background) => {
    expect(contrast(foreground, background)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['--gennai-color-border', '--gennai-color-background'],
    ['--gennai-color-focus-outline', '--gennai-color-background'],
    ['--gennai-color-focus-outline', '--gennai-color-primary-soft'],
  ])('control edge %s on %s reaches 3:1', (foreground, background) => {
    expect(contrast(foreground, background)).toBeGreaterThanOrEqual(3);
  });
});
