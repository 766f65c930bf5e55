// @vitest-environment node
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The web app as users download it: the real production build, into a temporary folder. */
describe('production bundle', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'gennai-web-build-'));
  let html = '';

  beforeAll(async () => {
    await build({
      configFile: join(import.meta.dirname, '../../vite.config.mts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    html = readFileSync(join(outDir, 'index.html'), 'utf8');
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const read = (asset: string) => readFileSync(join(outDir, asset.replace(/^\//, '')));

  it('loads at most 200 KB of gzipped JavaScript before the first screen', () => {
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    const gzipBytes = initial.reduce((sum, asset) => sum + gzipSync(read(asset)).length, 0);
    expect(gzipBytes).toBeLessThanOrEqual(200 * 1024);
  });

  it('keeps zod (the API-side validation) out of every chunk', () => {
    const chunks = readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
    const withZod = chunks.filter((file) => /ZodError|\$ZodType/.test(read(`assets/${file}`).toString('utf8')));
    expect(withZod).toEqual([]);
  });

  it('loads the chat page lazily', () => {
    expect(readdirSync(join(outDir, 'assets')).some((file) => /^ChatPage-.*\.js$/.test(file))).toBe(true);
    expect(html).not.toMatch(/ChatPage-/);
  });

  it('loads the admin pages, the API key page and ECharts only when they are opened', () => {
    const assets = readdirSync(join(outDir, 'assets'));
    for (const page of ['ModelCatalogPage', 'QuotasPage', 'UsagePage', 'UsageChart', 'ApiKeysPage']) {
      expect(assets.some((file) => file.startsWith(`${page}-`) && file.endsWith('.js')), page).toBe(true);
      expect(html, page).not.toContain(`${page}-`);
    }
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const withECharts = [...initial, ...assets.filter((file) => /^(ModelCatalogPage|QuotasPage|UsagePage|ApiKeysPage)-/.test(file)).map((file) => `assets/${file}`)].filter((asset) =>
      read(asset).toString('utf8').includes('_echarts_instance_'),
    );
    expect(withECharts).toEqual([]);
  });

  it('has no inline script, as the Content-Security-Policy allows none', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
