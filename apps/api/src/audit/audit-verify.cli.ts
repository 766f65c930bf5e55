/**
 * `npm run audit:verify` (or `node dist/apps/api/audit/audit-verify.cli.js` in the API image): walks every audit
 * chain in DATABASE_URL and prints OK, or each chain's first bad entry and why. Exit code 0 when every chain is
 * intact, 1 when one is not, 2 when it could not run. Reads only; needs no API running. `--json` prints the
 * AuditVerificationView; `--organization <uuid>` checks one chain.
 */
import type { AuditVerificationView } from '@gennai/contracts';
import { Client } from 'pg';
import { verifyAuditChains } from './audit-chain.verifier';

function argument(name: string): string | null {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

function report(result: AuditVerificationView): string {
  const lines = [
    `${result.ok ? 'OK' : 'BROKEN'}: ${result.entries.toLocaleString('en')} sealed entries in ${result.chains.length} chain(s) checked in ${(result.durationMs / 1000).toFixed(2)} s` +
      (result.unsealedEntries ? `; ${result.unsealedEntries} not yet sealed` : ''),
  ];
  for (const chain of result.chains) {
    const range = chain.firstPosition === null ? 'no entries' : `positions ${chain.firstPosition}–${chain.lastPosition}${chain.startsAtCheckpoint ? ' (starts at a retention checkpoint)' : ''}`;
    lines.push(
      chain.failure
        ? `  organisation ${chain.organizationId}: first bad entry at position ${chain.failure.position}${chain.failure.entryId ? ` (id ${chain.failure.entryId})` : ''}: ${chain.failure.reason} — ${chain.failure.detail}`
        : `  organisation ${chain.organizationId}: ok, ${range}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('audit:verify: set DATABASE_URL to the Gennai database (postgres://…)\n');
    return 2;
  }
  const client = new Client({
    connectionString: url,
    ssl: process.env.DATABASE_SSL === 'true' ? { rejectUnauthorized: true } : false,
    application_name: 'gennai-audit-verify',
  });
  await client.connect();
  try {
    const result = await verifyAuditChains(client, { organizationId: argument('--organization') });
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : report(result));
    return result.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
