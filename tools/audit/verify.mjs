#!/usr/bin/env node
// `npm run audit:verify [-- --json] [-- --organization <uuid>] [-- --no-build]`: verifies the audit log's hash chains in
// DATABASE_URL (docs/operator/audit.md). Builds the API first (cached by Nx after the first run), then runs the
// verifier it ships — the same one the API image runs as `node dist/apps/api/audit/audit-verify.cli.js`.
// Exit code: 0 every chain intact, 1 a chain is broken (the first bad entry of each is printed), 2 could not run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const verifier = join(root, 'dist/apps/api/audit/audit-verify.cli.js');
const args = process.argv.slice(2);

if (!args.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '-p', 'contracts', 'api', '--outputStyle=static'], {
    cwd: root,
    // Build output goes to stderr, so `--json` leaves stdout to the result alone.
    stdio: ['ignore', 2, 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (build.status !== 0) process.exit(2);
}
if (!existsSync(verifier)) {
  console.error(`audit:verify: ${verifier} is missing: run without --no-build`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [verifier, ...args.filter((arg) => arg !== '--no-build')], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 2);
