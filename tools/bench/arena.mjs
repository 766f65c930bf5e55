// `npm run bench -- arena` (part of `npm run bench`): the arena leaderboard statistics (@gennai/arena-stats,
// libs/api/arena-stats) at the size of issue #5's target, written to docs/benchmarks/arena.{json,md}.
// Target: a Bradley–Terry fit with 1,000 bootstrap rounds for 100 models from 10 million votes in ≤ 2 s.
// Recorded beside the number, not asserted.
//   - fit: 10 million votes generated directly as pair counts (every one of the 4,950 pairs, outcomes drawn from
//     known strengths with ties) → leaderboardFromPairCounts: point fit, 1,000 bootstrap rounds, win-rate matrix
//   - collapse: 10 million vote rows in typed arrays (model indices and outcome codes, the shape a database
//     cursor or a worker message delivers) → collapseVoteColumns, i.e. the step that makes the fit independent of
//     the number of votes
//   - fit on worker threads: the same, with the 1,000 rounds split over one worker per core (a pool started before
//     the clock, as the api keeps one); round r draws from random stream r, so the intervals are identical to the
//     single-threaded ones, which the benchmark checks
//   - fit through the api's pool: the same pair counts through LeaderboardFitPool (apps/api/src/leaderboard), the
//     exact path GET /api/evaluation/leaderboard takes after PostgreSQL has counted the votes — compiled from the
//     api's source as the api build compiles it, with as many threads as the api starts on this machine
// The library is built by Nx and loaded from dist. Median of 3 runs after one warm-up run; CPU time is read too
// (main thread only), so load from other work on a shared machine shows as a gap between wall-clock and CPU time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage, machineFacts } from './machine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_SECONDS = 2;
const MODELS = 100;
const VOTES = 10_000_000;
const ROUNDS = 1000;
const RUNS = 3;
const ENTRY = join(root, 'libs/api/arena-stats/dist/index.js');

// Inside a bootstrap worker: fit the point estimate (cheap, deterministic) and run the rounds asked for.
if (!isMainThread && workerData?.role === 'arena-bootstrap') {
  const lib = createRequire(import.meta.url)(ENTRY);
  parentPort.on('message', ({ counts, seed, fromRound, toRound }) => {
    const fit = lib.fitBradleyTerry(counts);
    const { componentOf, components } = fit.graph;
    const summarise = (parameters, into) => lib.toEloScale(parameters, componentOf, components.length, fit.anchorIndex, into);
    const samples = lib.bootstrapSamples(fit.fitter, fit.rows, fit.logStrengths, summarise, counts.models.length, { seed, fromRound, toRound });
    parentPort.postMessage(samples, [samples.buffer]);
  });
}

/** Builds the library the way the product uses it (Nx, tsc to libs/api/arena-stats/dist) and loads it. */
function loadLibrary() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'arena-stats:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  const entry = join(root, 'libs/api/arena-stats/dist/index.js');
  if (build.status !== 0 || !existsSync(entry)) {
    throw new Error(`npx nx run arena-stats:build failed (exit ${build.status}):\n${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
  return createRequire(import.meta.url)(entry);
}

/**
 * The api's worker pool, compiled from apps/api/src/leaderboard/leaderboard-fit.pool.ts with the api's compiler
 * settings (CommonJS, ES2022) into dist/bench/, so the bench does not depend on the whole api building.
 */
function loadApiPool() {
  const outDir = join(root, 'dist/bench/arena-pool');
  const source = join(root, 'apps/api/src/leaderboard/leaderboard-fit.pool.ts');
  const args = [join(root, 'node_modules/typescript/bin/tsc'), source, '--outDir', outDir, '--module', 'commonjs', '--target', 'ES2022', '--moduleResolution', 'node10', '--types', 'node', '--strict', '--skipLibCheck', '--esModuleInterop', '--ignoreDeprecations', '6.0'];
  const compile = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (compile.status !== 0) throw new Error(`compiling the api's fit pool failed:\n${`${compile.stdout}\n${compile.stderr}`.trim()}`);
  return createRequire(import.meta.url)(join(outDir, 'leaderboard-fit.pool.js'));
}

/** Threads the api starts (apps/api/src/leaderboard/leaderboard.module.ts: one per core, at most four). */
const apiThreads = () => Math.max(1, Math.min(4, availableParallelism()));

const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Log-strengths spread like a public leaderboard: 100 models over ≈ 4 log units (≈ 700 Elo points). */
function strengths(random) {
  return Array.from({ length: MODELS }, () => 4 * random.next());
}

/** P(tie) = 0.3·min(p, 1 − p): ties are commonest between close models, and half credit keeps E[credit] = p. */
const tieProbability = (p) => 0.3 * Math.min(p, 1 - p);

/** 10 million votes as pair counts: each pair's total, then its outcomes, drawn from the strengths. */
function generatePairCounts(lib, random, theta) {
  const pairs = (MODELS * (MODELS - 1)) / 2;
  const first = new Int32Array(pairs);
  const second = new Int32Array(pairs);
  const firstWins = new Float64Array(pairs);
  const secondWins = new Float64Array(pairs);
  const ties = new Float64Array(pairs);
  let r = 0;
  let left = VOTES;
  for (let i = 0; i < MODELS; i++) {
    for (let j = i + 1; j < MODELS; j++) {
      // Votes spread over pairs as a multinomial with equal shares (a balancing sampling policy).
      const n = r === pairs - 1 ? left : lib.sampleBinomial(random, left, 1 / (pairs - r));
      left -= n;
      const p = 1 / (1 + Math.exp(-(theta[i] - theta[j])));
      const tie = tieProbability(p);
      const t = lib.sampleBinomial(random, n, tie);
      const w = lib.sampleBinomial(random, n - t, (p - tie / 2) / (1 - tie));
      first[r] = i;
      second[r] = j;
      firstWins[r] = w;
      secondWins[r] = n - t - w;
      ties[r] = t;
      r++;
    }
  }
  const models = Array.from({ length: MODELS }, (_, i) => `model-${String(i).padStart(3, '0')}`);
  return { models, first, second, firstWins, secondWins, ties, bothBadVotes: 0 };
}

/** 10 million vote rows: random pairs, outcomes drawn from the strengths (3% of ties are "both bad"). */
function generateVoteColumns(random, theta) {
  const a = new Uint16Array(VOTES);
  const b = new Uint16Array(VOTES);
  const outcome = new Uint8Array(VOTES);
  for (let v = 0; v < VOTES; v++) {
    const i = random.nextUint32() % MODELS;
    let j = random.nextUint32() % (MODELS - 1);
    if (j >= i) j++;
    const p = 1 / (1 + Math.exp(-(theta[i] - theta[j])));
    const tie = tieProbability(p);
    const u = random.next();
    a[v] = i;
    b[v] = j;
    outcome[v] = u < tie ? (u < 0.03 * tie ? 3 : 2) : u < tie + p - tie / 2 ? 0 : 1;
  }
  return { a, b, outcome };
}

function time(run) {
  run(); // warm-up
  const wall = [];
  const cpu = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    result = run();
    wall.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { seconds: round(median(wall), 3), cpuSeconds: round(median(cpu), 3), runs: wall.map((s) => round(s, 3)), result };
}

/** A pool of one worker per core, started and loaded before any timing. */
function startPool(size) {
  return Array.from({ length: size }, () => new Worker(new URL(import.meta.url), { workerData: { role: 'arena-bootstrap' } }));
}

/** The leaderboard's ratings and intervals with the bootstrap rounds split over the pool. */
async function leaderboardOnWorkers(lib, workers, counts, seed) {
  const per = Math.ceil(ROUNDS / workers.length);
  const parts = workers.map(
    (worker, w) =>
      new Promise((resolvePart, reject) => {
        worker.once('message', resolvePart);
        worker.once('error', reject);
        worker.postMessage({ counts, seed, fromRound: w * per, toRound: Math.min(ROUNDS, (w + 1) * per) });
      }),
  );
  const fit = lib.fitBradleyTerry(counts); // meanwhile, the point estimate on the main thread
  const samples = new Float64Array(ROUNDS * counts.models.length);
  let offset = 0;
  for (const part of await Promise.all(parts)) {
    samples.set(part, offset);
    offset += part.length;
  }
  const { lower, upper } = lib.percentileIntervals(samples, counts.models.length, 0.95);
  return { ratings: fit.ratings, lower, upper };
}

async function timeAsync(run) {
  await run(); // warm-up
  const wall = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run();
    wall.push((performance.now() - started) / 1000);
  }
  return { seconds: round(median(wall), 3), runs: wall.map((s) => round(s, 3)), result };
}

function writeReport(result) {
  mkdirSync(join(root, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(root, 'docs/benchmarks/arena.json'), `${JSON.stringify(result, null, 2)}\n`);
  const m = result.machine;
  const met = result.total.seconds <= TARGET_SECONDS;
  const metWorkers = result.totalOnWorkers.seconds <= TARGET_SECONDS;
  const w = result.fitOnWorkers;
  const p = result.fitOnApiPool;
  const metApiPool = result.totalOnApiPool.seconds <= TARGET_SECONDS;
  const top = result.fit.top3.map((e) => `${e.model} ${e.rating} [${e.lower}, ${e.upper}]`).join('; ');
  const md = `# アリーナ統計 ベンチマーク / Arena statistics benchmark

測定: ${result.date.slice(0, 10)}、\`${result.command}\`（${result.durationSeconds} 秒）。${m.cores} コア（${m.cpuModel}）、${m.memoryGiB} GiB、Linux ${m.kernel}、Node.js ${m.node}。開始時のロードアベレージ ${m.loadAverageAtStart.join(' / ')}（終了時 ${m.loadAverageAtEnd.join(' / ')}）。

## 目標と結果（日本語）

| 目標 | 結果 | 判定 |
|---|---|---|
| 100 モデル・1,000 万票から、ブートストラップ 1,000 回つきの Bradley–Terry 推定を ≤ ${TARGET_SECONDS} 秒（1 スレッド） | ${result.total.seconds} 秒（集計 ${result.collapse.seconds} 秒 + 推定 ${result.fit.seconds} 秒） | ${met ? '達成' : '未達'} |
| 同上（ブートストラップを ${w.threads} ワーカースレッドに分割） | ${result.totalOnWorkers.seconds} 秒（集計 ${result.collapse.seconds} 秒 + 推定 ${w.seconds} 秒） | ${metWorkers ? '達成' : '未達'} |
| 同上（API の経路: \`LeaderboardFitPool\`、${p.threads} スレッド） | ${result.totalOnApiPool.seconds} 秒（集計 ${result.collapse.seconds} 秒 + 推定 ${p.seconds} 秒） | ${metApiPool ? '達成' : '未達'} |

| 処理 | 実時間（秒、中央値） | CPU 時間（秒） | 各回（秒） |
|---|---|---|---|
| 集計: 1,000 万票（型付き配列）→ ペアごとの件数（\`collapseVoteColumns\`） | ${result.collapse.seconds} | ${result.collapse.cpuSeconds} | ${result.collapse.runs.join(' / ')} |
| 推定: ペア件数 → 点推定 + ブートストラップ ${ROUNDS} 回 + 勝率行列（\`leaderboardFromPairCounts\`、1 スレッド） | ${result.fit.seconds} | ${result.fit.cpuSeconds} | ${result.fit.runs.join(' / ')} |
| 推定（ブートストラップを ${w.threads} ワーカーに分割、\`bootstrapSamples\` + \`percentileIntervals\`） | ${w.seconds} | — | ${w.runs.join(' / ')} |
| 推定（API の \`LeaderboardFitPool\`: ラウンドを ${p.threads} スレッドに分割し、結合した標本からリーダーボードを作成） | ${p.seconds} | — | ${p.runs.join(' / ')} |

- 1 回のウォームアップの後 ${RUNS} 回計測し中央値を採用。ワーカー版は事前に起動したプール（コア数と同じ ${w.threads} 個）を使い、ラウンド r は乱数ストリーム r を使うため、区間は 1 スレッド版と${w.identicalToSingleThread ? '完全に一致しました' : '一致しませんでした（要調査）'}。
- 推定の入力は、既知の強さ（100 モデル、対数で 0〜4 に一様）から直接生成した ${result.fit.pairs} ペアの件数（合計 ${result.fit.votes.toLocaleString('en')} 票、引き分け約 ${result.fit.tieShare}%）。推定の所要時間はモデル数（ペア数）で決まり、票数には依存しません。
- 上位 3 モデル（評価値 [95% 区間]）: ${top}。真の順位との順位相関（Spearman）: ${result.fit.spearmanWithTruth}。
- API の経路（\`LeaderboardFitPool\`）の結果は 1 スレッド版と${p.identicalToSingleThread ? '完全に一致しました' : '一致しませんでした（要調査）'}。API では票の集計は PostgreSQL の \`GROUP BY\` が行い、ここでの「集計」は同じ処理の JavaScript 版の目安です。
- 実時間と CPU 時間の差は、共有マシン上の他の処理の負荷を表します。

## English

Measured on ${result.date.slice(0, 10)} by \`${result.command}\` in ${result.durationSeconds} s: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node.js ${m.node}. Load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end (the machine is shared).

### Target

| target | result | verdict |
|---|---|---|
| Bradley–Terry fit with 1,000 bootstrap rounds for 100 models from 10 million votes in ≤ ${TARGET_SECONDS} s (one thread) | ${result.total.seconds} s (collapse ${result.collapse.seconds} s + fit ${result.fit.seconds} s) | ${met ? 'met' : 'missed'} |
| the same, bootstrap split over ${w.threads} worker threads | ${result.totalOnWorkers.seconds} s (collapse ${result.collapse.seconds} s + fit ${w.seconds} s) | ${metWorkers ? 'met' : 'missed'} |
| the same through the api's path (\`LeaderboardFitPool\`, ${p.threads} threads) | ${result.totalOnApiPool.seconds} s (collapse ${result.collapse.seconds} s + fit ${p.seconds} s) | ${metApiPool ? 'met' : 'missed'} |

### Results

| step | wall clock (s, median) | CPU time (s) | runs (s) |
|---|---|---|---|
| collapse: 10 million vote rows in typed arrays → pair counts (\`collapseVoteColumns\`) | ${result.collapse.seconds} | ${result.collapse.cpuSeconds} | ${result.collapse.runs.join(' / ')} |
| fit: pair counts → point fit + ${ROUNDS} bootstrap rounds + win-rate matrix (\`leaderboardFromPairCounts\`, one thread) | ${result.fit.seconds} | ${result.fit.cpuSeconds} | ${result.fit.runs.join(' / ')} |
| fit, bootstrap split over ${w.threads} workers (\`bootstrapSamples\` + \`percentileIntervals\`) | ${w.seconds} | — | ${w.runs.join(' / ')} |
| fit through the api's \`LeaderboardFitPool\` (rounds split over ${p.threads} threads, the leaderboard assembled around the merged samples) | ${p.seconds} | — | ${p.runs.join(' / ')} |

- One warm-up run, then the median of ${RUNS} runs. The worker variant uses a pool started beforehand (one worker per core, ${w.threads}); round r draws from random stream r, so its intervals were ${w.identicalToSingleThread ? 'identical to the single-threaded ones' : 'NOT identical to the single-threaded ones (investigate)'}.
- The fit's input is generated directly as pair counts from known strengths (100 models, log-strengths uniform on 0–4): ${result.fit.pairs} pairs, ${result.fit.votes.toLocaleString('en')} votes, about ${result.fit.tieShare}% ties. Its time depends on the number of models (pairs), not on the number of votes.
- Top three (rating [95% interval]): ${top}. Spearman rank correlation with the true order: ${result.fit.spearmanWithTruth}.
- Through the api's path (\`LeaderboardFitPool\`) the leaderboard was ${p.identicalToSingleThread ? 'identical to the single-threaded one' : 'NOT identical to the single-threaded one (investigate)'}. In the api, PostgreSQL counts the votes (\`GROUP BY\`); the collapse here is the JavaScript equivalent, as a yardstick.
- The gap between wall-clock and CPU time is load from other work on the shared machine.
`;
  writeFileSync(join(root, 'docs/benchmarks/arena.md'), md);
}

function spearman(xs, ys) {
  const ranks = (values) => {
    const order = values.map((v, i) => [v, i]).sort((p, q) => p[0] - q[0]);
    const r = new Array(values.length);
    order.forEach(([, i], rank) => (r[i] = rank));
    return r;
  };
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const d2 = rx.reduce((sum, r, i) => sum + (r - ry[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

export async function runArenaBenchmark() {
  const started = Date.now();
  const loadAverageAtStart = loadAverage();
  const lib = loadLibrary();
  const random = new lib.SeededRandom(20261129);
  const theta = strengths(random);
  const counts = generatePairCounts(lib, random, theta);
  const columns = generateVoteColumns(random, theta);

  const collapse = time(() => lib.collapseVoteColumns(columns, counts.models));
  const fit = time(() => lib.leaderboardFromPairCounts(counts, { bootstrap: { rounds: ROUNDS, seed: 1 } }));
  const board = fit.result;
  const workers = startPool(Math.max(2, cpus().length));
  let onWorkers;
  try {
    onWorkers = await timeAsync(() => leaderboardOnWorkers(lib, workers, counts, 1));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const { LeaderboardFitPool } = loadApiPool();
  const apiPool = new LeaderboardFitPool(apiThreads());
  let onApiPool;
  try {
    onApiPool = await timeAsync(() => apiPool.leaderboard({ model: 'bradley-terry', counts }, { rounds: ROUNDS, seed: 1, level: 0.95 }));
  } finally {
    await apiPool.close();
  }
  const apiPoolIdentical = JSON.stringify(onApiPool.result.entries) === JSON.stringify(board.entries);
  const singleLower = new Map(board.entries.map((e) => [e.model, [e.lower, e.upper]]));
  const identicalToSingleThread = counts.models.every((model, i) => {
    const [lower, upper] = singleLower.get(model);
    return lower === onWorkers.result.lower[i] && upper === onWorkers.result.upper[i];
  });
  const rating = new Map(board.entries.map((e) => [e.model, e.rating]));
  let votes = 0;
  let tieVotes = 0;
  for (let r = 0; r < counts.first.length; r++) {
    votes += counts.firstWins[r] + counts.secondWins[r] + counts.ties[r];
    tieVotes += counts.ties[r];
  }
  const result = {
    date: new Date().toISOString(),
    command: 'npm run bench -- arena',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineFacts(loadAverageAtStart),
    target: { seconds: TARGET_SECONDS, models: MODELS, votes: VOTES, bootstrapRounds: ROUNDS },
    threads: 1,
    total: { seconds: round(collapse.seconds + fit.seconds, 3) },
    totalOnWorkers: { seconds: round(collapse.seconds + onWorkers.seconds, 3) },
    fitOnWorkers: { threads: workers.length, seconds: onWorkers.seconds, runs: onWorkers.runs, identicalToSingleThread },
    totalOnApiPool: { seconds: round(collapse.seconds + onApiPool.seconds, 3) },
    fitOnApiPool: { threads: apiPool.size, seconds: onApiPool.seconds, runs: onApiPool.runs, identicalToSingleThread: apiPoolIdentical },
    collapse: { seconds: collapse.seconds, cpuSeconds: collapse.cpuSeconds, runs: collapse.runs, voteRows: VOTES, pairsFound: collapse.result.first.length },
    fit: {
      seconds: fit.seconds,
      cpuSeconds: fit.cpuSeconds,
      runs: fit.runs,
      pairs: counts.first.length,
      votes,
      tieShare: round((100 * tieVotes) / votes, 1),
      spearmanWithTruth: round(spearman(counts.models.map((model) => rating.get(model)), theta), 4),
      top3: board.entries.slice(0, 3).map((e) => ({ model: e.model, rating: round(e.rating, 1), lower: round(e.lower, 1), upper: round(e.upper, 1) })),
    },
  };
  writeReport(result);
  process.stdout.write(`collapse of ${VOTES.toLocaleString('en')} vote rows: ${collapse.seconds} s (CPU ${collapse.cpuSeconds} s)\n`);
  process.stdout.write(`fit + ${ROUNDS} bootstrap rounds, ${MODELS} models: ${fit.seconds} s (CPU ${fit.cpuSeconds} s)\n`);
  process.stdout.write(`fit on ${workers.length} worker threads: ${onWorkers.seconds} s (intervals identical to one thread: ${identicalToSingleThread})\n`);
  process.stdout.write(`fit through the api's LeaderboardFitPool (${apiPool.size} threads): ${onApiPool.seconds} s (leaderboard identical to one thread: ${apiPoolIdentical})\n`);
  process.stdout.write(`total ${result.total.seconds} s on one thread, ${result.totalOnWorkers.seconds} s on workers; target ≤ ${TARGET_SECONDS} s: ${result.total.seconds <= TARGET_SECONDS ? 'met' : 'missed'} / ${result.totalOnWorkers.seconds <= TARGET_SECONDS ? 'met' : 'missed'}\n`);
}
