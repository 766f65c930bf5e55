import { escapeHtml } from './html-escape';

export interface IntervalPoint {
  readonly label: string;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const ROW = 26;
const PAD = 16;

/**
 * Ratings as dots with their interval as a line, one row per model — a picture of which intervals overlap. Inline SVG
 * with fixed geometry and coordinates rounded to 0.1 px, so the same numbers always draw the same bytes; the numbers
 * themselves are in the table beside it.
 */
export function intervalChartSvg(points: readonly IntervalPoint[], id: string, title: string): string {
  const min = Math.min(...points.map((p) => p.lower));
  const max = Math.max(...points.map((p) => p.upper));
  const span = max - min || 1;
  const plotWidth = WIDTH - LABEL_WIDTH - 2 * PAD;
  const x = (v: number): string => (LABEL_WIDTH + PAD + ((v - min) / span) * plotWidth).toFixed(1);
  const height = points.length * ROW + 2 * PAD + 16;
  const rows = points.map((p, i) => {
    const y = PAD + i * ROW + ROW / 2;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(p.label)}</text>`,
      `<line x1="${x(p.lower)}" y1="${y}" x2="${x(p.upper)}" y2="${y}" stroke="#0031d8" stroke-width="2"/>`,
      `<circle cx="${x(p.value)}" cy="${y}" r="4" fill="#0031d8"/>`,
    ].join('');
  });
  const axisY = PAD + points.length * ROW + 4;
  const ticks = [min, (min + max) / 2, max].map(
    (v) => `<text x="${x(v)}" y="${axisY + 14}" text-anchor="middle">${escapeHtml(v.toFixed(0))}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${escapeHtml(id)}-title" font-size="12" font-family="sans-serif" fill="#1a1a1c">`,
    `<title id="${escapeHtml(id)}-title">${escapeHtml(title)}</title>`,
    `<line x1="${LABEL_WIDTH + PAD}" y1="${axisY}" x2="${WIDTH - PAD}" y2="${axisY}" stroke="#949494"/>`,
    ...rows,
    ...ticks,
    '</svg>',
  ].join('');
}
