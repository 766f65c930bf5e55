/**
 * `npm run retention:run` (or `node dist/apps/api/retention/retention-run.cli.js` in the API image): runs the retention
 * job once against DATABASE_URL, as the API's schedule does, and prints what it deleted. For operators who run it
 * from a CronJob (GENNAI_RETENTION_INTERVAL_MINUTES=0) or want it now. Needs no API running; waits for nothing: when
 * another run holds the lock it says so and exits 75 (try again later). Exit code 0 completed, 1 a part failed or the
 * run was interrupted, 2 could not run. `--json` prints the outcome as JSON. SIGINT/SIGTERM stop it after the batch
 * under way.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { dataSourceOptions } from '../database/data-source-options';
import { createLogger } from '../logging/logger';
import { RetentionJob, type RetentionOutcome } from './retention-job';

const EXIT_BUSY = 75;

function report(outcome: Extract<RetentionOutcome, { ran: true }>): string {
  const { totals } = outcome;
  const lines = [
    `${outcome.status.toUpperCase()}: run ${outcome.runId} deleted ${totals.conversations} conversation(s) with ${totals.messages} message(s) and ` +
      `${totals.ratings} rating(s), ${totals.auditEntries} audit entr${totals.auditEntries === 1 ? 'y' : 'ies'}, ${totals.signIns} remembered sign-in(s)`,
    ...outcome.organizations.map(
      ({ organizationId, counts }) =>
        `  organisation ${organizationId}: ${counts.conversations} conversation(s), ${counts.messages} message(s), ${counts.ratings} rating(s), ${counts.auditEntries} audit entries`,
    ),
    ...outcome.problems.map((problem) => `  problem: ${problem}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('retention:run: set DATABASE_URL to the Gennai database (postgres://…)\n');
    return 2;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 2, ssl: process.env.DATABASE_SSL === 'true' }));
  await dataSource.initialize();
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  try {
    const outcome = await new RetentionJob(dataSource, new AuditLog(dataSource), logger).run('cli', stop.signal);
    if (!outcome.ran) {
      process.stderr.write('retention:run: another run (an API replica or another operator) is under way; try again later\n');
      return EXIT_BUSY;
    }
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(outcome, null, 2)}\n` : report(outcome));
    return outcome.status === 'completed' ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`retention:run could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
