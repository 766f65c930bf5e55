import type { Bundle } from './bundle-format';
import { escapeHtml } from './html-escape';
import { intervalChartSvg } from './interval-chart.svg';
import type { ReportContext } from './report-context';
import type { Cell, ReportTable } from './report-table';
import { fill } from './report-text';

/**
 * Inline, print-first styles: A4 margins, tables that break across pages with their header repeated, no colour that
 * carries meaning alone. Colours and type follow the Digital Agency design tokens (blue 1000 #0031d8, sumi #1a1a1c).
 */
const STYLE = `
:root{color:#1a1a1c;background:#fff;font-family:"Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;line-height:1.7}
body{margin:0}main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem}
h1{font-size:1.75rem;margin:0 0 1rem}h2{font-size:1.375rem;border-bottom:2px solid #0031d8;padding-bottom:.25rem;margin:2.5rem 0 1rem}
h3{font-size:1.0625rem;margin:1.5rem 0 .25rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.875rem;margin:.5rem 0 1.5rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}caption small{display:block;font-weight:400;color:#414141}
th,td{border:1px solid #949494;padding:.25rem .5rem;vertical-align:top}thead th{background:#e8f1fe;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1rem 0}figcaption{font-size:.875rem;color:#414141}
code{font-family:ui-monospace,monospace;font-size:.875em}
@page{size:A4;margin:15mm}
@media print{main{max-width:none;padding:0}nav.contents{display:none}h2{break-after:avoid}thead{display:table-header-group}tr,figure{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

/** The whole report as one self-contained page: no script, no external resource, every value escaped. */
export function renderReportHtml(bundle: Bundle, tables: readonly ReportTable[], bundleSha256: string, context: ReportContext): string {
  const { manifest } = bundle;
  const t = context.text;
  const leaderboard = tables.find((table) => table.name === 'leaderboard');
  const byName = (name: string) => tables.find((table) => table.name === name);
  const sections = [
    { id: 'summary', title: t.summary, body: summary(bundle, leaderboard, context) },
    { id: 'methods', title: t.methods, body: methods(context) },
    ...tables.map((table) => ({
      id: `table-${table.name}`,
      title: table.title,
      body: (table.name === 'leaderboard' ? chart(byName('leaderboard'), context) : table.name === 'leaderboard_style_controlled' ? chart(table, context) : '') + tableHtml(table, context),
    })),
  ];
  return [
    '<!DOCTYPE html>',
    `<html lang="${context.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces for a file opened from disk: nothing may load or run, whatever a label contains.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(`${t.documentTitle} ${manifest.period.from} – ${manifest.period.to}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(t.documentTitle)}</h1>`,
    '<dl class="facts">',
    fact(t.period, `${manifest.period.from} – ${manifest.period.to} (${manifest.period.time_zone})`),
    fact(t.models, manifest.models.map((model) => context.modelName(model)).join(context.locale === 'ja' ? '、' : ', ')),
    fact(t.generatedAt, manifest.generated_at),
    fact(t.bundleHash, bundleSha256),
    '</dl>',
    `<p>${codeSpans(t.reproduce)}</p>`,
    '</header>',
    `<nav class="contents" aria-labelledby="contents"><h2 id="contents">${escapeHtml(t.contents)}</h2><ol>`,
    ...sections.map((section) => `<li><a href="#${section.id}">${escapeHtml(section.title)}</a></li>`),
    '</ol></nav>',
    ...sections.map((section) => `<section id="${section.id}" aria-labelledby="${section.id}-h">\n<h2 id="${section.id}-h">${escapeHtml(section.title)}</h2>\n${section.body}\n</section>`),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function fact(term: string, value: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`;
}

/** Escapes, then turns `text` into <code>text</code> (the report's own strings only). */
function codeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function summary(bundle: Bundle, leaderboard: ReportTable | undefined, context: ReportContext): string {
  const [counts, top] = context.text.summaryLines;
  const requests = bundle.records.usage.filter((u) => context.manifest.models.includes(u.model)).reduce((sum, u) => sum + u.requests, 0);
  const lines = [
    fill(counts, {
      votes: formatNumber(bundle.records.vote.length),
      ratings: formatNumber(bundle.records.rating.length),
      responses: formatNumber(bundle.records.survey_response.length),
      requests: formatNumber(requests),
    }),
  ];
  const first = leaderboard?.rows[0];
  if (first) lines.push(fill(top, { top: String(first[2]), rating: String(first[3]), lower: String(first[4]), upper: String(first[5]) }));
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
}

function methods(context: ReportContext): string {
  const s = context.manifest.settings;
  const values = {
    rounds: formatNumber(s.bootstrap_rounds),
    styleRounds: formatNumber(s.style_bootstrap_rounds),
    seed: s.bootstrap_seed,
    minGroup: s.min_group_size,
    buckets: s.latency_bucket_bounds_ms.join(', '),
    bothBad: s.both_bad === 'tie' ? context.text.bothBadTie : context.text.bothBadExclude,
  };
  return context.text.methodsText.map(([title, body]) => `<h3>${escapeHtml(title)}</h3>\n<p>${escapeHtml(fill(body, values))}</p>`).join('\n');
}

function chart(table: ReportTable | undefined, context: ReportContext): string {
  if (!table || table.rows.length === 0) return '';
  const points = table.rows.map((row) => ({ label: String(row[2]), value: row[3] as number, lower: row[4] as number, upper: row[5] as number }));
  return `<figure>${intervalChartSvg(points, `${table.name}-chart`, context.text.chartTitle)}<figcaption>${escapeHtml(context.text.chartTitle)}</figcaption></figure>\n`;
}

function tableHtml(table: ReportTable, context: ReportContext): string {
  const visible = table.columns.map((column, i) => ({ column, i })).filter(({ column }) => !column.machineOnly);
  if (table.rows.length === 0) return `<p>${escapeHtml(context.text.noData)}</p>`;
  const head = visible.map(({ column }) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${visible.map(({ i }) => cellHtml(row[i] ?? null)).join('')}</tr>`).join('\n');
  return `<table id="${escapeHtml(table.name)}">\n<caption>${escapeHtml(table.title)}<small>${escapeHtml(table.note)}</small></caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function cellHtml(cell: Cell): string {
  if (cell === null) return '<td class="num">—</td>';
  if (typeof cell === 'number') return `<td class="num">${formatNumber(cell)}</td>`;
  return `<td>${escapeHtml(cell)}</td>`;
}

/** Thousands separators on the integer part, by hand: Intl output can differ between Node builds, bytes must not. */
export function formatNumber(value: number): string {
  const [whole, fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
