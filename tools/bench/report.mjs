// `npm run bench -- report` (part of `npm run bench`): the evaluation report (@gennai/evaluation-report,
// libs/api/evaluation-report) for a quarter at the size of issue #5's target, written to docs/benchmarks/report.{json,md}.
// Target: report generation for a quarter in ≤ 30 s. Recorded beside the number, not asserted.
//   - data: a synthetic quarter (90 days, 10 models) — 1,000,000 votes, 2,000,000 ratings, 20 surveys × 5,000
//     responses, usage aggregates per day × model × app × category — written as a bundle file with BundleWriter, as the
//     api exports one (generated once per run, before the clock)
//   - parse: the bundle file read as a stream and verified (every record validated, every section's SHA-256
//     checked) — readBundle over a file stream, the path `npm run report:rebuild` and the api take
//   - build: buildReport (the leaderboard with 1,000 bootstrap rounds, the style-controlled one with 200, every table, the HTML and JSON) and the
//     CSV of every table (reportFiles)
// Exporting the bundle from PostgreSQL is not in these numbers (range reads of battles, ratings, survey responses and a
// GROUP BY over usage_records; see docs/developer/evaluation-report.md). The library is built by Nx and loaded from dist. 3 runs, the median one shown; CPU time is
// read too, so load from other work on the shared machine shows as a gap between wall-clock and CPU time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { loadAverage, machineFacts } from './machine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_SECONDS = 30;
const SIZE = { days: 90, models: 10, votes: 1_000_000, ratings: 2_000_000, surveys: 20, responsesPerSurvey: 5_000 };
const RUNS = 3;
const CATEGORIES = ['document_drafting', 'summarization', 'translation', 'proofreading', 'research', 'planning', 'coding', 'data_analysis', 'qa', 'other'];
const LIKE_TAGS = ['accurate', 'clear', 'helpful', 'natural_japanese', 'fast'];
const DISLIKE_TAGS = ['inaccurate', 'unnatural_japanese', 'ignored_instructions', 'slow', 'too_long', 'unhelpful'];

/** Builds the library the way the product uses it (Nx, tsc to dist, arena-stats first) and loads it. */
function loadLibrary() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'evaluation-report:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  const entry = join(root, 'libs/api/evaluation-report/dist/index.js');
  if (build.status !== 0 || !existsSync(entry)) {
    throw new Error(`npx nx run evaluation-report:build failed (exit ${build.status}):\n${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
  return createRequire(import.meta.url)(entry);
}

const day = (d) => new Date(Date.UTC(2026, 3, 1 + d)).toISOString().slice(0, 10);

/** The synthetic quarter as a bundle file; returns its path and size. */
async function writeQuarterBundle(lib, path) {
  // The same bundle on every run: the generator of @gennai/arena-stats (built beside the library), seeded.
  const { SeededRandom } = createRequire(import.meta.url)('@gennai/arena-stats');
  const random = new SeededRandom(2026);
  const pick = (list) => list[Math.floor(random.next() * list.length)];
  const models = Array.from({ length: SIZE.models }, (_, i) => `model-${String(i).padStart(2, '0')}`);
  const strength = models.map((_, i) => 0.25 * i);
  const writer = new lib.BundleWriter();
  for (let v = 0; v < SIZE.votes; v++) {
    const i = Math.floor(random.next() * SIZE.models);
    let j = Math.floor(random.next() * (SIZE.models - 1));
    if (j >= i) j++;
    const p = 1 / (1 + Math.exp(strength[j] - strength[i]));
    const u = random.next();
    writer.add('vote', {
      model_a: models[i],
      model_b: models[j],
      winner: u < 0.07 ? 'tie' : u < 0.09 ? 'both_bad' : random.next() < p ? 'a' : 'b',
      category: pick(CATEGORIES),
      app: 'arena',
      day: day(v % SIZE.days),
      length_a: 200 + Math.floor(random.next() * 2000),
      length_b: 200 + Math.floor(random.next() * 2000),
      markdown_a: Math.floor(random.next() * 12),
      markdown_b: Math.floor(random.next() * 12),
    });
  }
  for (let r = 0; r < SIZE.ratings; r++) {
    const m = Math.floor(random.next() * SIZE.models);
    const like = random.next() < 0.55 + 0.03 * m;
    const tags = random.next() < 0.4 ? [pick(like ? LIKE_TAGS : DISLIKE_TAGS)] : [];
    writer.add('rating', { model: models[m], value: like ? 'like' : 'dislike', tags, category: random.next() < 0.9 ? pick(CATEGORIES) : null, app: random.next() < 0.8 ? 'chat' : 'api', day: day(r % SIZE.days) });
  }
  for (let s = 0; s < SIZE.surveys; s++) {
    const survey = `survey-${s}`;
    const options = (n) => Array.from({ length: n }, (_, k) => ({ id: `o${k}`, text: { ja: `選択肢${k}`, en: `Option ${k}` } }));
    const questions = [
      ...Array.from({ length: 6 }, (_, q) => ({ id: `l${q}`, kind: 'likert5', text: { ja: `設問${q}`, en: `Question ${q}` }, options: [] })),
      { id: 's0', kind: 'single', text: { ja: '主な用途', en: 'Main use' }, options: options(5) },
      { id: 'm0', kind: 'multiple', text: { ja: '使った機能', en: 'Features used' }, options: options(6) },
      { id: 't0', kind: 'text', text: { ja: 'ご意見', en: 'Comments' }, options: [] },
    ];
    writer.add('survey', { survey, title: { ja: `アンケート${s}`, en: `Survey ${s}` }, questions });
    for (let r = 0; r < SIZE.responsesPerSurvey; r++) {
      const answers = { s0: `o${Math.floor(random.next() * 5)}`, m0: ['o0', 'o1', 'o2', 'o3', 'o4', 'o5'].filter(() => random.next() < 0.3) };
      for (let q = 0; q < 6; q++) answers[`l${q}`] = 1 + Math.floor(random.next() * 5);
      writer.add('survey_response', { survey, models_used: models.filter(() => random.next() < 0.25), answers, text_answered: random.next() < 0.2 ? ['t0'] : [] });
    }
  }
  for (let d = 0; d < SIZE.days; d++) {
    for (const model of models) {
      for (const app of ['chat', 'api']) {
        for (const category of app === 'chat' ? CATEGORIES : [null]) {
          const requests = 50 + Math.floor(random.next() * 500);
          const buckets = [0.3, 0.3, 0.2, 0.1, 0.05, 0.03, 0.015, 0.004, 0.001, 0].map((share) => Math.floor(share * requests));
          buckets[0] += requests - buckets.reduce((a, b) => a + b, 0);
          writer.add('usage', {
            day: day(d),
            model,
            app,
            category,
            requests,
            errors: Math.floor(random.next() * 0.02 * requests),
            input_tokens: requests * 800,
            output_tokens: requests * 400,
            cost: Number((requests * 0.123456).toFixed(6)),
            currency: 'JPY',
            latency_ms_sum: requests * 900,
            latency_buckets: buckets,
          });
        }
      }
    }
  }
  for (const model of models) writer.add('active_users', { model, users: 20_000 + Math.floor(random.next() * 40_000) });
  writer.add('active_users', { model: null, users: 120_000 });
  const header = {
    period: { from: day(0), to: day(SIZE.days - 1), time_zone: 'Asia/Tokyo' },
    models,
    generated_at: '2026-07-01T00:00:00.000Z',
    generator: 'tools/bench/report.mjs',
    settings: lib.DEFAULT_BUNDLE_SETTINGS,
    labels: { models: Object.fromEntries(models.map((m) => [m, m])), categories: {}, tags: {}, apps: {} },
  };
  const out = createWriteStream(path);
  for (const chunk of writer.chunks(header)) if (!out.write(chunk)) await new Promise((resolveDrain) => out.once('drain', resolveDrain));
  out.end();
  await finished(out);
  return statSync(path).size;
}

const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measure(run) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, result };
}

export async function runReportBenchmark() {
  const startedAt = new Date();
  const loadAverageAtStart = loadAverage();
  const lib = loadLibrary();
  const dir = join(root, '.cache/bench/report');
  mkdirSync(dir, { recursive: true });
  const bundlePath = join(dir, 'quarter-bundle.jsonl');
  console.log('writing a synthetic quarter bundle…');
  const bytes = await writeQuarterBundle(lib, bundlePath);
  const runs = [];
  let digest = null;
  let deterministic = true;
  let sample = null;
  for (let i = 0; i < RUNS; i++) {
    const parse = await measure(() => lib.readBundle(createReadStream(bundlePath, { encoding: 'utf8', highWaterMark: 1 << 20 })));
    const build = await measure(() => {
      const report = lib.buildReport(parse.result);
      return { report, files: lib.reportFiles(report) };
    });
    const hash = createHash('sha256');
    for (const [name, content] of build.result.files) hash.update(name).update(content);
    const files = hash.digest('hex');
    deterministic &&= digest === null || digest === files;
    digest = files;
    sample ??= build.result.report.tables;
    runs.push({ parse: parse.seconds, parseCpu: parse.cpuSeconds, build: build.seconds, buildCpu: build.cpuSeconds, total: parse.seconds + build.seconds });
    console.log(`run ${i + 1}: parse ${parse.seconds.toFixed(2)} s + build ${build.seconds.toFixed(2)} s`);
  }
  // The run with the median total, and its two steps (medians of the steps taken separately would not add up).
  const middle = [...runs].sort((a, b) => a.total - b.total)[Math.floor(runs.length / 2)];
  const total = round(middle.total, 2);
  const top = sample.leaderboard.rows.slice(0, 3).map((row) => `${row[1]} ${row[3]} [${row[4]}, ${row[5]}]`);
  const result = {
    date: startedAt.toISOString(),
    command: 'npm run bench -- report',
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: machineFacts(loadAverageAtStart),
    target: { seconds: TARGET_SECONDS, ...SIZE, surveyResponses: SIZE.surveys * SIZE.responsesPerSurvey },
    bundle: { megabytes: round(bytes / 2 ** 20, 1), records: SIZE.votes + SIZE.ratings + SIZE.surveys * (1 + SIZE.responsesPerSurvey) },
    total: { seconds: total, met: total <= TARGET_SECONDS },
    parse: { seconds: round(middle.parse, 2), cpuSeconds: round(middle.parseCpu, 2) },
    build: { seconds: round(middle.build, 2), cpuSeconds: round(middle.buildCpu, 2) },
    bootstrapRounds: { leaderboard: lib.DEFAULT_BUNDLE_SETTINGS.bootstrap_rounds, styleControlled: lib.DEFAULT_BUNDLE_SETTINGS.style_bootstrap_rounds },
    runs: runs.map((run) => ({ parse: round(run.parse, 2), build: round(run.build, 2), total: round(run.total, 2) })),
    identicalFilesEveryRun: deterministic,
    topOfLeaderboard: top,
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
  mkdirSync(join(root, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(root, 'docs/benchmarks/report.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(root, 'docs/benchmarks/report.md'), markdown(result));
  console.log(`report for a quarter: ${total} s (target ≤ ${TARGET_SECONDS} s) — docs/benchmarks/report.md`);
}

function markdown(r) {
  const m = r.machine;
  const runs = r.runs.map((run) => run.total).join(' / ');
  const verdictJa = r.total.met ? '達成' : '未達';
  const verdictEn = r.total.met ? 'met' : 'missed';
  const n = (x) => x.toLocaleString('en-US');
  return `# 評価レポート ベンチマーク / Evaluation report benchmark

測定: ${r.date.slice(0, 10)}、\`${r.command}\`（${r.durationSeconds} 秒）。${m.cores} コア（${m.cpuModel}）、${m.memoryGiB} GiB、Linux ${m.kernel}、Node.js ${m.node}。開始時のロードアベレージ ${m.loadAverageAtStart.join(' / ')}（終了時 ${m.loadAverageAtEnd.join(' / ')}）。

## 目標と結果（日本語）

| 目標 | 結果 | 判定 |
|---|---|---|
| 1 四半期分のレポート作成を ≤ ${r.target.seconds} 秒（元データの読み込み・検証 + 作成） | ${r.total.seconds} 秒（読み込み ${r.parse.seconds} 秒 + 作成 ${r.build.seconds} 秒） | ${verdictJa} |

| 処理（合計が中央値の回） | 実時間（秒） | CPU 時間（秒） |
|---|---|---|
| 読み込み: バンドル ${r.bundle.megabytes} MB をストリームで読み、全レコードを検証し、全セクションの SHA-256 を照合（\`readBundle\`） | ${r.parse.seconds} | ${r.parse.cpuSeconds} |
| 作成: 比較ランキング（ブートストラップ ${n(r.bootstrapRounds.leaderboard)} 回）とスタイル補正版（${n(r.bootstrapRounds.styleControlled)} 回）、全表、HTML、JSON、全表の CSV（\`buildReport\` + \`reportFiles\`） | ${r.build.seconds} | ${r.build.cpuSeconds} |

- データ: ${r.target.days} 日・${r.target.models} モデルの合成データ。投票 ${n(r.target.votes)} 件、評価 ${n(r.target.ratings)} 件、アンケート ${r.target.surveys} 件 × 回答 ${n(r.target.responsesPerSurvey)} 件、利用の日別集計（日 × モデル × アプリ × 作業の種類）。
- ${RUNS} 回計測し、合計が中央値の回を採用（各回の合計: ${runs} 秒）。${r.identicalFilesEveryRun ? '毎回、すべての出力ファイルがバイト単位で同一でした。' : '出力ファイルが回ごとに異なりました（要調査）。'}
- 比較ランキング上位 3 モデル（評価値 [95% 区間]）: ${r.topOfLeaderboard.join('; ')}。
- PostgreSQL からのバンドル書き出しの時間は含みません。実時間と CPU 時間の差は、共有マシン上の他の処理の負荷を表します。

## English

Measured on ${r.date.slice(0, 10)} by \`${r.command}\` in ${r.durationSeconds} s: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node.js ${m.node}. Load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end (the machine is shared).

| target | result | verdict |
|---|---|---|
| report generation for a quarter in ≤ ${r.target.seconds} s (read and verify the bundle, then build) | ${r.total.seconds} s (read ${r.parse.seconds} s + build ${r.build.seconds} s) | ${verdictEn} |

| step (the run with the median total) | wall clock (s) | CPU time (s) |
|---|---|---|
| read: the ${r.bundle.megabytes} MB bundle as a stream, every record validated, every section's SHA-256 checked (\`readBundle\`) | ${r.parse.seconds} | ${r.parse.cpuSeconds} |
| build: the leaderboard (${n(r.bootstrapRounds.leaderboard)} bootstrap rounds) and its style-controlled variant (${n(r.bootstrapRounds.styleControlled)}), every table, the HTML, the JSON and every table's CSV (\`buildReport\` + \`reportFiles\`) | ${r.build.seconds} | ${r.build.cpuSeconds} |

- Data: a synthetic quarter of ${r.target.days} days and ${r.target.models} models — ${n(r.target.votes)} votes, ${n(r.target.ratings)} ratings, ${r.target.surveys} surveys × ${n(r.target.responsesPerSurvey)} responses, daily usage aggregates (day × model × app × task category).
- ${RUNS} runs; the one with the median total is shown (totals: ${runs} s). ${r.identicalFilesEveryRun ? 'Every run wrote byte-identical files.' : 'The files differed between runs (to investigate).'}
- Top 3 of the leaderboard (rating [95% interval]): ${r.topOfLeaderboard.join('; ')}.
- Exporting the bundle from PostgreSQL is not included. A gap between wall-clock and CPU time is load from other work on the shared machine.
`;
}
