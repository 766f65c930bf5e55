#!/usr/bin/env node
// Runs one Vitest suite and writes its JSON report to dist/test-reports/<name>.json,
// so tools/ci/test-all.mjs can print one `N passed, N failed` line over every runner.
// Usage: node tools/ci/vitest.mjs <report-name> <vitest config> [extra vitest args]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [name, config, ...rest] = process.argv.slice(2);
if (!name || !config) {
  console.error('usage: node tools/ci/vitest.mjs <report-name> <vitest config> [vitest args]');
  process.exit(2);
}
const reports = join(root, 'dist/test-reports');
mkdirSync(reports, { recursive: true });
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    resolve(root, config),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, `${name}.json`)}`,
    ...rest,
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
