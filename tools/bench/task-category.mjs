// `npm run bench -- task-category`: MB/s of the offline task-category classifier (@gennai/task-category), written to
// docs/benchmarks/task-category.{json,md}. Target (issue #5): ≥ 5 MB/s per core, so classifying every conversation
// and battle costs nothing beside a model call. Two shapes: many short requests (the committed labelled set, over and
// over) and a long pasted document with the request at its start (the slow case: every cue scans all of it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage, machineFacts } from './machine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_MB_PER_S = 5;
const ROUNDS = 5;

async function loadClassifier() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'task-category:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  const entry = join(root, 'libs/shared/task-category/dist/index.js');
  if (build.status !== 0 || !existsSync(entry)) throw new Error(`npx nx run task-category:build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  return import(entry);
}

/** Median MB/s over ROUNDS rounds of classifying every text once. */
function measure(classifyTask, texts) {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  for (const text of texts) classifyTask(text); // warm-up
  const rates = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const text of texts) classifyTask(text);
    rates.push(bytes / 1e6 / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { megabytes: Number((bytes / 1e6).toFixed(2)), mbPerSecond: Number(rates[Math.floor(ROUNDS / 2)].toFixed(1)), rounds: rates.map((r) => Number(r.toFixed(1))) };
}

export async function runTaskCategoryBenchmark() {
  const loadAverageAtStart = loadAverage();
  const { classifyTask } = await loadClassifier();
  const prompts = readFileSync(join(root, 'libs/shared/task-category/test-data/labelled.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).text);
  const short = [];
  while (short.reduce((sum, t) => sum + t.length, 0) < 500_000) short.push(...prompts);
  const paragraph = '本市の人口は令和元年をピークに減少に転じており、特に若年層の転出が続いている。一方で、高齢者の単身世帯は増加し、地域の見守り体制の重要性が高まっている。';
  const long = [`次の文章について、問題点を指摘してください。\n\n${paragraph.repeat(Math.ceil(500_000 / paragraph.length))}`];
  const results = { short: measure(classifyTask, short), long: measure(classifyTask, long) };
  const machine = machineFacts(loadAverageAtStart);
  const result = { measuredAt: new Date().toISOString(), targetMbPerSecond: TARGET_MB_PER_S, machine, results };
  mkdirSync(join(root, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(root, 'docs/benchmarks/task-category.json'), `${JSON.stringify(result, null, 2)}\n`);
  const verdict = (r) => (r.mbPerSecond >= TARGET_MB_PER_S ? '達成 / met' : '未達 / not met');
  const md = `# タスク分類 ベンチマーク / Task-category classifier benchmark

測定 / measured: ${result.measuredAt.slice(0, 10)}, \`npm run bench -- task-category\`; ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node.js ${machine.node}; load average ${machine.loadAverageAtStart.join(' / ')} at the start, ${machine.loadAverageAtEnd.join(' / ')} at the end (shared machine).

| 入力 / input | MB | MB/s（中央値 / median of ${ROUNDS}） | 各回 / rounds | 目標 ≥ ${TARGET_MB_PER_S} MB/s |
|---|---|---|---|---|
| 短い依頼の連続（labelled.jsonl の繰り返し）/ many short requests | ${results.short.megabytes} | ${results.short.mbPerSecond} | ${results.short.rounds.join(' / ')} | ${verdict(results.short)} |
| 長い貼り付け文書（手がかりなし）/ one long pasted document without cues | ${results.long.megabytes} | ${results.long.mbPerSecond} | ${results.long.rounds.join(' / ')} | ${verdict(results.long)} |

UTF-8 バイト数で計測、1 スレッド。/ UTF-8 bytes, one thread.
`;
  writeFileSync(join(root, 'docs/benchmarks/task-category.md'), md);
  process.stdout.write(md);
}
