import type { ActiveUsersRecord, UsageRecord } from './bundle-format';
import { histogramPercentile } from './latency-percentile';
import { COLUMN, type ReportContext } from './report-context';
import { round, type Cell, type ReportTable } from './report-table';

interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencySum: number;
  buckets: number[];
  currencies: Set<string>;
}

/** Requests, users, tokens, cost, latency and error rate per model over the period, and a total row. */
export function usageTable(usage: readonly UsageRecord[], activeUsers: readonly ActiveUsersRecord[], context: ReportContext): ReportTable {
  const bounds = context.manifest.settings.latency_bucket_bounds_ms;
  const empty = (): UsageTotals => ({ requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cost: 0, latencySum: 0, buckets: new Array<number>(bounds.length + 1).fill(0), currencies: new Set() });
  const models = context.manifest.models;
  const totals = new Map<string, UsageTotals>(models.map((model) => [model, empty()]));
  const all = empty();
  for (const record of usage) {
    const model = totals.get(record.model);
    if (!model) continue;
    for (const t of [model, all]) {
      t.requests += record.requests;
      t.errors += record.errors;
      t.inputTokens += record.input_tokens;
      t.outputTokens += record.output_tokens;
      t.cost += record.cost;
      t.latencySum += record.latency_ms_sum;
      record.latency_buckets.forEach((count, i) => (t.buckets[Math.min(i, bounds.length)] += count));
      t.currencies.add(record.currency);
    }
  }
  const users = new Map(activeUsers.map((record) => [record.model, record.users]));
  const row = (id: string, name: string, t: UsageTotals, userCount: number | null): Cell[] => {
    const p95 = histogramPercentile(t.buckets, bounds, 0.95);
    return [
      id,
      name,
      t.requests,
      userCount,
      t.inputTokens,
      t.outputTokens,
      // Sums of 6-decimal amounts: rounded back to 6 decimals so float noise never reaches the file.
      round(t.cost, 6),
      [...t.currencies].sort().join(' ') || null,
      t.requests ? Math.round(t.latencySum / t.requests) : null,
      p95 ? (p95.atMost ?? `> ${p95.above}`) : null,
      t.requests ? round(t.errors / t.requests, 4) : null,
    ];
  };
  return {
    name: 'usage',
    title: context.say({ ja: '利用状況', en: 'Usage' }),
    note: context.say({
      ja: '応答時間の 95 パーセンタイルは、その区分の上限値（以下）です。利用者数は期間中に 1 回以上使った人数で、合計行は重複を除いた人数です。',
      en: 'The 95th-percentile latency is the upper bound of its bucket ("at most"). Users: people with at least one request in the period; the total row counts each person once.',
    }),
    columns: context.columns([
      ['model', COLUMN.model, true],
      ['model_name', COLUMN.modelName],
      ['requests', { ja: '利用回数', en: 'Requests' }],
      ['users', { ja: '利用者数', en: 'Users' }],
      ['input_tokens', { ja: '入力トークン', en: 'Input tokens' }],
      ['output_tokens', { ja: '出力トークン', en: 'Output tokens' }],
      ['cost', { ja: '費用', en: 'Cost' }],
      ['currency', { ja: '通貨', en: 'Currency' }],
      ['mean_latency_ms', { ja: '平均応答時間 (ms)', en: 'Mean latency (ms)' }],
      ['p95_latency_ms', { ja: '95% 応答時間 (ms)', en: 'p95 latency (ms)' }],
      ['error_rate', { ja: 'エラー率', en: 'Error rate' }],
    ]),
    rows: [...models.map((model) => row(model, context.modelName(model), totals.get(model) as UsageTotals, users.get(model) ?? 0)), row('*', context.text.total, all, users.get(null) ?? null)],
  };
}
