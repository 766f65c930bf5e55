// `npm run bench -- pii` (part of `npm run bench`): how fast the PII detector (@gennai/pii, libs/shared/pii) reads
// Japanese text, written to docs/benchmarks/pii.{json,md}. Target (issue #4): ≥ 5 MB/s per core, so that checking
// a message never slows chat. Recorded beside the number, not asserted.
//   - chat messages: every question and answer of the public Japanese sets in ../shared/datasets/*.jsonl, one
//     detectPii call per message (the API checks each message before it leaves Gennai)
//   - one long document: the same text joined into a single call (a pasted report)
//   - PII-dense: the labelled test set's synthetic sentences, most with personal data in them (the slow path:
//     every candidate is validated and most are masked)
// Single thread, after a warm-up; the median of 5 rounds of at least a second each. "MB" is 10^6 bytes of UTF-8
// (a Japanese character is 3 bytes). CPU time is read from the process too, so a busy shared machine shows up as
// a gap between the wall-clock and the per-CPU-second figures rather than as a slower detector.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage, machineFacts } from './machine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const datasetsDir = resolve(root, '../shared/datasets');
const TARGET_MB_PER_S = 5;
const ROUNDS = 5;
const ROUND_SECONDS = 1;

/** Builds the library the way the product uses it (Nx, tsc to libs/shared/pii/dist) and loads it. */
async function loadDetector() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'pii:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  const entry = join(root, 'libs/shared/pii/dist/index.js');
  if (build.status !== 0 || !existsSync(entry)) {
    throw new Error(`npx nx run pii:build failed (exit ${build.status}):\n${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
  return import(entry);
}

/** Every question and answer (the strings under "turns") of every public set, one string per message. */
function readCorpus() {
  if (!existsSync(datasetsDir)) {
    throw new Error(`the public Japanese datasets are not at ${datasetsDir} (expected beside the repository, as ../shared/datasets/*.jsonl); they are read from there, never copied into the project`);
  }
  const files = readdirSync(datasetsDir).filter((name) => name.endsWith('.jsonl')).sort();
  const messages = [];
  const collect = (value, underTurns) => {
    if (typeof value === 'string') {
      if (underTurns && value.trim()) messages.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => collect(item, underTurns));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) collect(item, underTurns || key === 'turns');
  };
  for (const file of files) {
    for (const line of readFileSync(join(datasetsDir, file), 'utf8').split('\n')) if (line.trim()) collect(JSON.parse(line), false);
  }
  if (!messages.length) throw new Error(`no messages found in ${datasetsDir}/*.jsonl`);
  return { files, messages };
}

function readLabelledSentences() {
  const file = join(root, 'libs/shared/pii/test-data/pii-labelled.jsonl');
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).text);
}

const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs detectPii over `texts` repeatedly: a warm-up, then ROUNDS timed rounds. */
function measure(detectPii, texts) {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  let findings = 0;
  const pass = () => {
    let found = 0;
    for (const text of texts) found += detectPii(text).length;
    return found;
  };
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) findings = pass();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let passes = 0;
    do {
      pass();
      passes++;
    } while (performance.now() - started < ROUND_SECONDS * 1000);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rounds.push({ mbPerSecond: (bytes * passes) / seconds / 1e6, mbPerCpuSecond: (bytes * passes) / cpuSeconds / 1e6, charactersPerSecond: (characters * passes) / seconds });
  }
  return {
    texts: texts.length,
    bytes,
    characters,
    findingsPerPass: findings,
    mbPerSecond: round(median(rounds.map((r) => r.mbPerSecond)), 1),
    mbPerSecondRounds: rounds.map((r) => round(r.mbPerSecond, 1)),
    mbPerCpuSecond: round(median(rounds.map((r) => r.mbPerCpuSecond)), 1),
    millionCharactersPerSecond: round(median(rounds.map((r) => r.charactersPerSecond)) / 1e6, 2),
  };
}

const VARIANTS = [
  { key: 'chatMessages', ja: 'チャットのメッセージ（公開日本語データセット、1 件ずつ）', en: 'chat messages (public Japanese sets, one call each)' },
  { key: 'longDocument', ja: '長い文書（同じテキストを 1 回の呼び出しで）', en: 'one long document (the same text in one call)' },
  { key: 'piiDense', ja: '個人情報の多いテキスト（ラベル付きテストセットの合成文）', en: 'PII-dense text (the labelled set’s synthetic sentences)' },
];

function writeReport(result) {
  mkdirSync(join(root, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(root, 'docs/benchmarks/pii.json'), `${JSON.stringify(result, null, 2)}\n`);
  const m = result.machine;
  const verdict = (value, lang) => (value >= result.target.mbPerSecond ? (lang === 'ja' ? '達成' : 'met') : lang === 'ja' ? '未達' : 'missed');
  const rows = (lang) =>
    VARIANTS.map(({ key, ja, en }) => {
      const v = result.variants[key];
      return `| ${lang === 'ja' ? ja : en} | ${v.texts} | ${round(v.bytes / 1e6, 3)} | ${v.mbPerSecond} | ${v.mbPerCpuSecond} | ${v.millionCharactersPerSecond} | ${v.findingsPerPass} | ${verdict(v.mbPerSecond, lang)} |`;
    }).join('\n');
  const worst = Math.min(...VARIANTS.map(({ key }) => result.variants[key].mbPerSecond));
  const md = `# PII 検出 ベンチマーク / PII detector benchmark

測定: ${result.date.slice(0, 10)}、\`${result.command}\`（${result.durationSeconds} 秒）。${m.cores} コア（${m.cpuModel}）、${m.memoryGiB} GiB、Linux ${m.kernel}、Node.js ${m.node}。開始時のロードアベレージ ${m.loadAverageAtStart.join(' / ')}（終了時 ${m.loadAverageAtEnd.join(' / ')}）。

## 目標と結果（日本語）

| 目標 | 結果（最も遅い条件） | 判定 |
|---|---|---|
| 日本語テキストを 1 コアあたり ≥ ${result.target.mbPerSecond} MB/s | ${worst} MB/s | ${verdict(worst, 'ja')} |

| 条件 | テキスト数 | MB | MB/s（実時間） | MB/CPU 秒 | 百万文字/s | 1 周の検出数 | 判定 |
|---|---|---|---|---|---|---|---|
${rows('ja')}

- 対象: \`detectPii\`（既定の種類: ${result.kinds.join('、')}）。ビルド済みの \`libs/shared/pii/dist\` を読み込み、1 スレッドで実行。1 秒のウォームアップ後、1 秒以上の計測を ${ROUNDS} 回行い中央値を採用。
- MB は UTF-8 の 10^6 バイト（日本語 1 文字 = 3 バイト）。コーパス: ${result.corpus.files.join('、')}（\`../shared/datasets/\`、リポジトリにはコピーしない）。
- 公開データセットでの検出数は誤検出の目安です（実在の個人情報は含まれていないはずです）。
- MB/CPU 秒はプロセスの CPU 時間（GC スレッドを含む）あたりの値です。共有マシンの負荷は、実時間の値との差に表れます。

## English

Measured on ${result.date.slice(0, 10)} by \`${result.command}\` in ${result.durationSeconds} s: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node.js ${m.node}. Load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end (the machine is shared).

### Target

| target | result (slowest variant) | verdict |
|---|---|---|
| ≥ ${result.target.mbPerSecond} MB/s of Japanese text per core | ${worst} MB/s | ${verdict(worst, 'en')} |

### Results

| variant | texts | MB | MB/s (wall clock) | MB per CPU second | million characters/s | findings per pass | verdict |
|---|---|---|---|---|---|---|---|
${rows('en')}

- What runs: \`detectPii\` with its default kinds (${result.kinds.join(', ')}), loaded from the built \`libs/shared/pii/dist\`, on one thread; a 1 s warm-up, then the median of ${ROUNDS} rounds of at least 1 s (all rounds are in pii.json).
- MB is 10^6 bytes of UTF-8 (3 bytes per Japanese character). Corpus: ${result.corpus.files.join(', ')}, read from \`../shared/datasets/\`, never copied into the project.
- Findings in the public sets are a rough false-positive count: those sets should hold no real personal data.
- MB per CPU second divides by the process's CPU time (GC threads included); load from other work on a shared machine shows as the gap to the wall-clock figure.
`;
  writeFileSync(join(root, 'docs/benchmarks/pii.md'), md);
  return worst;
}

export async function runPiiBenchmark() {
  const started = Date.now();
  const loadAverageAtStart = loadAverage();
  const { detectPii, DEFAULT_PII_KINDS } = await loadDetector();
  const corpus = readCorpus();
  const variants = {
    chatMessages: measure(detectPii, corpus.messages),
    longDocument: measure(detectPii, [corpus.messages.join('\n')]),
    piiDense: measure(detectPii, readLabelledSentences()),
  };
  const result = {
    date: new Date().toISOString(),
    command: 'npm run bench -- pii',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineFacts(loadAverageAtStart),
    target: { mbPerSecond: TARGET_MB_PER_S, per: 'core (one thread)' },
    kinds: [...DEFAULT_PII_KINDS],
    corpus: { directory: '../shared/datasets', files: corpus.files, messages: corpus.messages.length },
    variants,
  };
  const worst = writeReport(result);
  for (const { key, en } of VARIANTS) {
    const v = variants[key];
    process.stdout.write(`${en}: ${v.mbPerSecond} MB/s (${v.mbPerCpuSecond} MB per CPU second), ${v.findingsPerPass} findings per pass\n`);
  }
  process.stdout.write(`slowest ${worst} MB/s, target ≥ ${TARGET_MB_PER_S} MB/s: ${worst >= TARGET_MB_PER_S ? 'met' : 'missed'}\n`);
}
