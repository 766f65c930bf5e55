/**
 * `npm run analytics:rollup [-- --from YYYY-MM-DD --to YYYY-MM-DD]` (or `node dist/apps/api/analytics/analytics-rollup.cli.js`
 * in the API image): rolls raw usage records and ratings up into the dashboards' daily tables against DATABASE_URL —
 * the recent days as the API's schedule does, or a backfill of the days given (calendar days in
 * GENNAI_QUOTA_TIME_ZONE, default Asia/Tokyo; `--to` defaults to today). Idempotent: days are rewritten whole.
 * Exit code 0 done, 1 interrupted (SIGINT/SIGTERM stop it between chunks of days), 2 could not run, 75 another run
 * holds the lock (try again later). `--json` prints the outcome as JSON.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { createLogger } from '../logging/logger';
import { QuotaCalendar } from '../quotas/quota-calendar';
import { AnalyticsRollupJob, type RollupRange } from './analytics-rollup-job';

const EXIT_BUSY = 75;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function rangeFrom(args: { from?: string; to?: string }, calendar: QuotaCalendar): RollupRange | undefined {
  if (!args.from && !args.to) return undefined;
  const to = args.to ?? calendar.dateAt(Date.now());
  const from = args.from ?? to;
  for (const [name, value] of [['--from', from], ['--to', to]] as const) {
    if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new Error(`${name} must be a date YYYY-MM-DD, not "${value}"`);
  }
  if (from > to) throw new Error(`--from (${from}) is after --to (${to})`);
  return { from, to };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } } });
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('analytics:rollup: set DATABASE_URL to the Gennai database (postgres://…)\n');
    return 2;
  }
  const timeZone = process.env.GENNAI_QUOTA_TIME_ZONE ?? 'Asia/Tokyo';
  const range = rangeFrom(values, new QuotaCalendar(timeZone));
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 2, ssl: process.env.DATABASE_SSL === 'true' }));
  await dataSource.initialize();
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  try {
    const outcome = await new AnalyticsRollupJob(dataSource, timeZone, createLogger(process.env.LOG_LEVEL ?? 'warn')).run(range, stop.signal);
    if (!outcome.ran) {
      process.stderr.write('analytics:rollup: another roll-up (an API replica or another operator) is under way; try again later\n');
      return EXIT_BUSY;
    }
    process.stdout.write(
      values.json
        ? `${JSON.stringify(outcome, null, 2)}\n`
        : `${outcome.interrupted ? 'INTERRUPTED' : 'DONE'}: rolled up ${outcome.days} day(s) from ${outcome.from} to ${outcome.to} in ${outcome.durationMs} ms\n`,
    );
    return outcome.interrupted ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`analytics:rollup could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
