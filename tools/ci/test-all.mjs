#!/usr/bin/env node
// `npm test`: every tier — lint, typecheck, build, unit, integration (real PostgreSQL and Keycloak),
// chart checks (real helm) and end-to-end (real browser) — then one line `N passed, N failed`
// summed over every runner's JSON report, so a run that executed no test cannot look green.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const reports = join(root, 'dist/test-reports');
rmSync(reports, { recursive: true, force: true });

const nx = join(root, 'node_modules/nx/dist/bin/nx.js');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const common = ['--outputStyle=static', ...(ci ? ['--skip-nx-cache'] : [])];
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };

/** Each step runs even when an earlier one failed, so one run shows every problem. */
const steps = [
  { name: 'lint, typecheck, build', args: ['run-many', '-t', 'lint', 'typecheck', 'build', '--parallel=2'] },
  { name: 'unit tests', args: ['run-many', '-t', 'test', '--parallel=1'] },
  { name: 'integration tests', args: ['run-many', '-t', 'test:integration', '--parallel=1'] },
  { name: 'end-to-end tests', args: ['run-many', '-t', 'e2e', '--parallel=1'] },
];

const failedSteps = [];
const runStarted = Date.now();
for (const step of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const result = spawnSync(process.execPath, [nx, ...step.args, ...common], { cwd: root, env, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds} s) ===\n`);
  if (result.status !== 0) failedSteps.push(step.name);
}

let passed = 0;
let failed = 0;
const lines = [];
for (const file of existsSync(reports) ? readdirSync(reports).filter((f) => f.endsWith('.json')).sort() : []) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  const p = report.numPassedTests ?? 0;
  // A file that failed outside its tests (failed to load, a failing beforeAll) counts as one more failure.
  const f =
    (report.numFailedTests ?? 0) +
    (report.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  passed += p;
  failed += f;
  lines.push(`  ${file.replace(/\.json$/, '').padEnd(24)} ${p} passed, ${f} failed`);
}
process.stdout.write(`\nTest reports:\n${lines.join('\n') || '  (none)'}\n`);
if (failedSteps.length) process.stdout.write(`Failed steps: ${failedSteps.join(', ')}\n`);
if (passed === 0) process.stdout.write('No test was executed.\n');
mkdirSync(reports, { recursive: true });
writeFileSync(join(reports, 'timing.json'), JSON.stringify({ seconds: (Date.now() - runStarted) / 1000, passed, failed }));
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length || failed || passed === 0 ? 1 : 0);
