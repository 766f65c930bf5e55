import { computeLeaderboard, computeStyleControlledLeaderboard } from '@gennai/arena-stats';
import { describe, expect, it } from 'vitest';
import { parseBundle } from './bundle-reader';
import { fixtureBundleText, fixtureHeader, fixtureWriter } from './bundle.test-support';
import { buildReport, reportFiles } from './build-report';

const bundle = parseBundle(fixtureBundleText());
const report = buildReport(bundle);

function column(name: string, key: string): unknown[] {
  const table = report.tables[name];
  const i = table.columns.findIndex((c) => c.key === key);
  return table.rows.map((row) => row[i]);
}

describe('buildReport', () => {
  it('gives byte-identical HTML, JSON and CSV for the same bundle', () => {
    const again = buildReport(parseBundle(fixtureBundleText()));
    expect([...reportFiles(again)]).toEqual([...reportFiles(report)]);
  });

  it('ranks models with the ratings and intervals @gennai/arena-stats computes with the manifest seed', () => {
    const votes = bundle.records.vote.map((v) => ({ a: v.model_a, b: v.model_b, outcome: v.winner }));
    const expected = computeLeaderboard(votes, { models: bundle.manifest.models, bootstrap: { rounds: 50, seed: bundle.manifest.settings.bootstrap_seed } });
    expect(column('leaderboard', 'model')).toEqual(['model-a', 'model-b', 'model-c']);
    expect(column('leaderboard', 'rating')).toEqual(expected.entries.map((e) => Math.round(e.rating * 10) / 10));
    expect(column('leaderboard', 'lower')).toEqual(expected.entries.map((e) => Math.round(e.lower * 10) / 10));
    expect(column('leaderboard', 'votes')).toEqual(expected.entries.map((e) => e.votes));
    const styled = computeStyleControlledLeaderboard(
      bundle.records.vote.map((v) => ({
        a: v.model_a,
        b: v.model_b,
        outcome: v.winner,
        features: { lengthA: v.length_a ?? 0, lengthB: v.length_b ?? 0, markdownA: v.markdown_a ?? 0, markdownB: v.markdown_b ?? 0 },
      })),
      { bootstrap: { rounds: 50, seed: bundle.manifest.settings.bootstrap_seed } },
    );
    expect(column('leaderboard_style_controlled', 'rating')).toEqual(styled.entries.map((e) => Math.round(e.rating * 10) / 10));
  });

  it('changes the intervals when the seed changes, and only then', () => {
    const reseeded = buildReport(parseBundle(fixtureWriter().toText(fixtureHeader({}, { bootstrap_seed: 99 }))));
    const i = report.tables['leaderboard'].columns.findIndex((c) => c.key === 'lower');
    expect(reseeded.tables['leaderboard'].rows.map((r) => r[i])).not.toEqual(report.tables['leaderboard'].rows.map((r) => r[i]));
  });

  it('reports the like ratio with its Wilson interval per model and category', () => {
    const table = report.tables['satisfaction'];
    const all = table.rows.find((row) => row[0] === 'model-a' && row[2] === '*') as unknown[];
    const likes = bundle.records.rating.filter((r) => r.model === 'model-a' && r.value === 'like').length;
    const n = bundle.records.rating.filter((r) => r.model === 'model-a').length;
    expect(all.slice(4, 7)).toEqual([n, likes, Math.round((likes / n) * 1e4) / 1e4]);
    expect(all[7] as number).toBeLessThan(all[6] as number);
    expect(table.rows.some((row) => row[3] === '未分類')).toBe(true);
  });

  it('withholds a survey question answered by fewer than five people, and counts free text without its words', () => {
    const rows = report.tables['survey_results'].rows;
    expect(rows.filter((row) => row[2] === 'q5')).toEqual([['survey-1', '満足度調査', 'q5', '少数の設問', null, '非表示', null, null, 3]]);
    expect(rows.find((row) => row[2] === 'q4')?.slice(4)).toEqual(['text', '自由記述（件数のみ）', 6, 0.5, 12]);
    const likert = rows.filter((row) => row[2] === 'q1').map((row) => row[6]);
    expect(likert).toEqual([3, 3, 2, 2, 2]);
  });

  it('gives each model its usage with the p95 latency as a bucket bound and the error rate', () => {
    const table = report.tables['usage'];
    const c = table.rows.find((row) => row[0] === 'model-c') as unknown[];
    expect(c.slice(2, 4)).toEqual([100, 7]);
    expect(c.slice(8)).toEqual([1500, 4000, 0.05]);
    expect(table.rows.at(-1)?.slice(0, 4)).toEqual(['*', '合計', 300, 15]);
  });

  it('writes a self-contained page: no script, no external resource, every bundle value escaped', () => {
    const hostile = fixtureHeader({
      labels: { ...fixtureHeader().labels, models: { 'model-a': '<script>alert(1)</script>', 'model-b': '"><img src=x onerror=alert(1)>', 'model-c': 'C & D' } },
    });
    const html = buildReport(parseBundle(fixtureWriter().toText(hostile))).html;
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('C &amp; D');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('@media print');
  });

  it('speaks Japanese by default and English when asked', () => {
    expect(report.html).toContain('<html lang="ja">');
    expect(report.html).toContain('生成AIモデル評価報告書');
    const english = buildReport(bundle, { locale: 'en' });
    expect(english.html).toContain('<html lang="en">');
    expect(english.tables['leaderboard'].columns.map((c) => c.label)).toContain('Rating');
  });

  it('writes every table as a CSV, and the JSON with every table and the bundle hash', () => {
    const files = reportFiles(report);
    expect([...files.keys()].filter((name) => name.endsWith('.csv'))).toHaveLength(Object.keys(report.tables).length);
    const json = JSON.parse(files.get('report.json') as string);
    expect(json.bundle_sha256).toBe(bundle.sha256);
    expect(Object.keys(json.tables)).toEqual(Object.keys(report.tables));
  });
});
