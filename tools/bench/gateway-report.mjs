// Turns a gateway benchmark run into docs/benchmarks/gateway.json (everything measured, plus the derived numbers) and
// docs/benchmarks/gateway.md (Japanese summary first, then English with every number, ratio and target).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENNAI_CONFIGS } from './gennai-target.mjs';
import { round } from './load.mjs';

/** The issue's targets for Gennai. */
export const GATEWAY_TARGETS = {
  addedP99BareMs: 1,
  addedP99FullMs: 3,
  throughputPerCoreVsPortkey: 3,
  pacedStreams: 1000,
  idleKbPerStream: 20,
};

const METRICS = [
  { key: 'addedP50', ja: '追加レイテンシ p50（c=1）', en: 'added latency p50 (c=1)', unit: 'ms', better: 'lower' },
  { key: 'addedP90', ja: '追加レイテンシ p90（c=1）', en: 'added latency p90 (c=1)', unit: 'ms', better: 'lower' },
  { key: 'addedP99', ja: '追加レイテンシ p99（c=1）', en: 'added latency p99 (c=1)', unit: 'ms', better: 'lower' },
  { key: 'rpsPerCore', ja: 'スループット／コア（p99 < 50 ms）', en: 'throughput per core (p99 < 50 ms)', unit: 'req/s', better: 'higher' },
  { key: 'cpuMsPerRequest', ja: 'リクエストあたり CPU 時間（c=4）', en: 'CPU time per request (c=4)', unit: 'ms', better: 'lower' },
  { key: 'addedTtftP50', ja: '追加 TTFT p50（64 チャンク）', en: 'added time to first token p50 (64 chunks)', unit: 'ms', better: 'lower' },
  { key: 'addedGapP50', ja: '追加チャンク間遅延 p50', en: 'added inter-chunk delay p50', unit: 'ms', better: 'lower' },
  { key: 'addedGapP99', ja: '追加チャンク間遅延 p99', en: 'added inter-chunk delay p99', unit: 'ms', better: 'lower' },
  { key: 'pacedHeld', ja: '欠落なしで保持できた同時ストリーム数', en: 'concurrent paced streams held, no lost frame', unit: 'streams', better: 'higher' },
  { key: 'idleKb', ja: 'アイドルストリーム 1 本あたりのメモリ', en: 'memory per idle streaming connection', unit: 'KB', better: 'lower' },
];

/** The concurrency at which CPU per request is compared: one every gateway reaches before its p99 gives out. */
export const CPU_COMPARISON_CONCURRENCY = 4;

/**
 * From /proc: CPU seconds the gateway's processes used ÷ requests answered, at concurrency 4 (or the highest level
 * below it that the ramp reached), averaged over the runs of that level. Steadier than a p99-bounded RPS on a shared
 * machine, and comparable across gateways because it is taken at the same load.
 */
function cpuPerRequest(throughput) {
  const levels = (throughput?.levels ?? []).filter((l) => l.rps > 0 && l.coresBusy !== null && l.concurrency <= CPU_COMPARISON_CONCURRENCY);
  if (!levels.length) return null;
  const top = Math.max(...levels.map((l) => l.concurrency));
  const at = levels.filter((l) => l.concurrency === top);
  return round(at.reduce((sum, l) => sum + (1000 * l.coresBusy) / l.rps, 0) / at.length, 2);
}

export function deriveGatewayNumbers(report) {
  const byName = Object.fromEntries(report.targets.map((t) => [t.name, t]));
  const minus = (a, b) => (a === null || a === undefined || b === null || b === undefined ? null : round(a - b, 3));
  const derived = {};
  for (const target of report.targets) {
    if (target.name === 'direct' || target.status !== 'ok') continue;
    const r = target.results;
    const tp = r.throughput;
    // Each gateway's baseline is the upstream measured directly in the same phase, request by request in turn.
    const s = r.streaming;
    derived[target.name] = {
      addedP50: minus(r.latency?.gateway.p50, r.latency?.direct.p50),
      addedP90: minus(r.latency?.gateway.p90, r.latency?.direct.p90),
      addedP99: minus(r.latency?.gateway.p99, r.latency?.direct.p99),
      maxRps: tp?.maxRps ?? null,
      // Pinned to one core: per core = the RPS. Unpinned: divided by the cores the processes were measured to use.
      rpsPerCore: tp ? round(report.pinning.startsWith('none') && tp.coresBusyAtMax ? tp.maxRps / Math.max(tp.coresBusyAtMax, 1) : tp.maxRps, 1) : null,
      coresBusyAtMax: tp?.coresBusyAtMax ?? null,
      cpuMsPerRequest: cpuPerRequest(tp),
      addedTtftP50: minus(s?.gateway.ttft.p50, s?.direct.ttft.p50),
      addedTtftP99: minus(s?.gateway.ttft.p99, s?.direct.ttft.p99),
      addedGapP50: minus(s?.gateway.gap.p50, s?.direct.gap.p50),
      addedGapP99: minus(s?.gateway.gap.p99, s?.direct.gap.p99),
      pacedHeld: r.paced?.maxHeld ?? null,
      idleKb: r.idleMemory?.kbPerStream ?? null,
    };
  }
  const reference = derived['gennai-full'] ?? derived['gennai-bare'];
  const ratios = {};
  for (const [name, numbers] of Object.entries(derived)) {
    ratios[name] = {};
    for (const { key } of METRICS) {
      const mine = numbers[key];
      const gennai = reference?.[key];
      ratios[name][key] = mine === null || gennai === null || gennai === undefined || gennai === 0 ? null : round(mine / gennai, 2);
    }
  }
  const checks = targetChecks(derived, byName);
  return { derived, ratiosToGennaiFull: ratios, checks };
}

function targetChecks(derived, byName) {
  const bare = derived['gennai-bare'];
  const full = derived['gennai-full'];
  const portkey = derived.portkey;
  const verdict = (value, ok) => (value === null || value === undefined ? 'not measured' : ok ? 'pass' : 'fail');
  const checks = [
    {
      ja: `追加 p99 ≤ ${GATEWAY_TARGETS.addedP99BareMs} ms（c=1、bare）`,
      en: `added p99 ≤ ${GATEWAY_TARGETS.addedP99BareMs} ms at c=1, bare proxy path`,
      value: bare?.addedP99 ?? null,
      unit: 'ms',
      verdict: verdict(bare?.addedP99, bare?.addedP99 <= GATEWAY_TARGETS.addedP99BareMs),
    },
    {
      ja: `追加 p99 ≤ ${GATEWAY_TARGETS.addedP99FullMs} ms（c=1、認証・ポリシー・クォータ・課金あり）`,
      en: `added p99 ≤ ${GATEWAY_TARGETS.addedP99FullMs} ms at c=1, full path (auth, policy, quota, accounting)`,
      value: full?.addedP99 ?? null,
      unit: 'ms',
      verdict: verdict(full?.addedP99, full?.addedP99 <= GATEWAY_TARGETS.addedP99FullMs),
    },
  ];
  for (const [name, numbers] of [
    ['full', full],
    ['bare', bare],
  ]) {
    const ratio = numbers && portkey?.rpsPerCore ? round(numbers.rpsPerCore / portkey.rpsPerCore, 2) : null;
    checks.push({
      ja: `コアあたりスループット ≥ Portkey の ${GATEWAY_TARGETS.throughputPerCoreVsPortkey} 倍（${name}）`,
      en: `throughput per core ≥ ${GATEWAY_TARGETS.throughputPerCoreVsPortkey}× Portkey's (${name} path)`,
      value: ratio,
      unit: '×',
      verdict: portkey ? verdict(ratio, ratio >= GATEWAY_TARGETS.throughputPerCoreVsPortkey) : `not measured (Portkey: ${byName.portkey?.status ?? 'not run'})`,
    });
  }
  checks.push(
    {
      ja: `同時ペースストリーム ≥ ${GATEWAY_TARGETS.pacedStreams.toLocaleString('en')}（フレーム欠落なし）`,
      en: `≥ ${GATEWAY_TARGETS.pacedStreams.toLocaleString('en')} concurrent paced streams with no lost frame`,
      value: full?.pacedHeld ?? null,
      unit: 'streams',
      verdict: verdict(full?.pacedHeld, full?.pacedHeld >= GATEWAY_TARGETS.pacedStreams),
    },
    {
      ja: `アイドルストリーム 1 本 ≤ ${GATEWAY_TARGETS.idleKbPerStream} KB`,
      en: `≤ ${GATEWAY_TARGETS.idleKbPerStream} KB per idle streaming connection`,
      value: full?.idleKb ?? null,
      unit: 'KB',
      verdict: verdict(full?.idleKb, full?.idleKb <= GATEWAY_TARGETS.idleKbPerStream),
    },
  );
  return checks;
}

const fmt = (value, digits = 2) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('en', { maximumFractionDigits: digits }));
const VERDICT_JA = { pass: '達成', fail: '未達', 'not measured': '未測定' };

export function renderGatewayMarkdown(report) {
  const { derived, ratiosToGennaiFull: ratios, checks } = report.derived;
  const m = report.machine;
  const gateways = report.targets.filter((t) => t.name !== 'direct');
  const failed = report.targets.filter((t) => t.status !== 'ok');
  const names = gateways.map((t) => t.name);
  const label = Object.fromEntries(report.targets.map((t) => [t.name, t.label]));
  const lines = [];
  const push = (...l) => lines.push(...l);

  push(
    '# ゲートウェイ ベンチマーク / Gateway benchmark',
    '',
    `測定: ${report.date.slice(0, 10)}、\`${report.command}\`（${report.durationSeconds} 秒）。` +
      `${m.cores} コア（${m.cpuModel}）、${m.memoryGiB} GiB、Linux ${m.kernel}、Node.js ${m.node}、${m.python}。` +
      `開始時のロードアベレージ ${m.loadAverageAtStart.join(' / ')}（終了時 ${m.loadAverageAtEnd.join(' / ')}）。`,
    ...(report.quick ? ['', '**QUICK モードの試走結果です。正式な数値ではありません。**'] : []),
    '',
    '## 目標と結果（日本語）',
    '',
    '| 目標 | Gennai の値 | 判定 |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.ja} | ${fmt(c.value)} ${c.value === null ? '' : c.unit} | ${VERDICT_JA[c.verdict] ?? c.verdict} |`),
    '',
    ...efficiencyLines(derived, 'ja'),
    '| 指標 | ' + names.map((n) => label[n]).join(' | ') + ' |',
    '|---|' + names.map(() => '---|').join(''),
    ...METRICS.map((metric) => `| ${metric.ja}（${metric.unit}） | ` + names.map((n) => cell(derived[n], ratios[n], metric, report.targets.find((t) => t.name === n))).join(' | ') + ' |'),
    '',
    '括弧内は Gennai（full path）に対する比（他ゲートウェイの値 ÷ Gennai の値）。「追加」は同じ条件で上流サーバーに直接送った場合との差です。',
    '',
    `- **bare proxy path**: ${GENNAI_CONFIGS.bare.setupJa}。`,
    `- **full path**: ${GENNAI_CONFIGS.full.setupJa}。`,
    '- Gennai は LOG_LEVEL=info（1 リクエスト 1 行の JSON ログをファイルへ）、PostgreSQL は既定の耐久性設定（fsync・synchronous_commit オン）で動かしています。',
    '- Portkey は認証・課金なしの素のプロキシ、LiteLLM はマスターキー認証のみ（データベースなし、したがって仮想キー・予算・利用記録なし）で動かしています。どちらも比較相手として有利な条件です。',
    `- CPU の割り当て: ${report.pinning === 'none (BENCH_PIN=0 or fewer than 2 cores): every process shares all cores' ? 'なし（全プロセスが全コアを共有）' : '測定対象のゲートウェイをコア 1 に単独で固定し、負荷生成・上流テストサーバー・PostgreSQL はコア 0。「コアあたり」は 1 コアでの値です。'}`,
    ...(failed.length ? ['', '**起動・測定できなかったもの:**', '', ...failed.map((t) => `- ${t.label}: ${firstLine(t.error)}（詳細は英語の節）`)] : []),
    '',
    '## English',
    '',
    `Measured on ${report.date.slice(0, 10)} by \`${report.command}\` in ${report.durationSeconds} s: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node.js ${m.node}, ${m.python}. ` +
      `Load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end (the machine is shared; other work running at the same time shows up as noise).`,
    '',
    '### Targets',
    '',
    '| target | Gennai | verdict |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.en} | ${fmt(c.value)} ${c.value === null ? '' : c.unit} | ${c.verdict} |`),
    '',
    ...efficiencyLines(derived, 'en'),
    '### Results side by side',
    '',
    'Absolute numbers; in brackets the ratio to Gennai (full path): the other gateway\'s value ÷ Gennai\'s. "Added" is the gateway minus the same measurement sent straight to the upstream.',
    '',
    '| metric | ' + names.map((n) => label[n]).join(' | ') + ' |',
    '|---|' + names.map(() => '---|').join(''),
    ...METRICS.map((metric) => `| ${metric.en} (${metric.unit}) | ` + names.map((n) => cell(derived[n], ratios[n], metric, report.targets.find((t) => t.name === n))).join(' | ') + ' |'),
    '',
    '### What ran',
    '',
    '| | version | cores | set-up |',
    '|---|---|---|---|',
    ...report.targets.map((t) => `| ${t.label} | ${t.version ?? '—'} | ${t.cores ?? '—'} | ${t.status === 'ok' ? t.setup : `**${t.status}**: ${escapeCell(firstLine(t.error))}`} |`),
    '',
    `CPU pinning: ${report.pinning}.`,
    '',
    'Upstream: the project\'s OpenAI-compatible test server (tools/testing/openai-test-server.mjs), one instance per phase, in its own process:',
    '',
    '| phase | fixed latency before the answer | delay before each streamed chunk |',
    '|---|---|---|',
    ...Object.entries(report.upstream).map(([phase, u]) => `| ${phase} | ${u.latencyMs} ms | ${u.chunkDelayMs.toLocaleString('en')} ms |`),
    '',
    '### How each number is measured',
    '',
    `- **Added latency (c=1)**: up to ${report.settings.latency.count} (at most ${report.settings.latency.maxSeconds} s of) sequential non-streaming requests after ${report.settings.latency.warmup} warm-up ones (and ${report.settings.warmupRequests} warm-up requests per gateway before any phase), keep-alive, 5 ms upstream; each request through the gateway alternates with the same request sent straight to the upstream, so both see the same moments of a shared machine; added = p50/p99 through the gateway − p50/p99 straight.`,
    `- **Throughput**: closed loop at concurrency ${report.settings.throughput.concurrency.join(', ')} (a level that misses is run once more; the ramp ends after two levels in a row miss) on the 20 ms upstream, ${report.settings.throughput.warmupMs} ms warm-up + at least ${report.settings.throughput.durationMs} ms and ${report.settings.throughput.minSamples} answers per level; the highest requests per second with p99 < ${report.settings.throughput.p99BoundMs} ms and no error. Per core: every gateway is one process pinned to one core (LiteLLM: one uvicorn worker); "CPU cores busy" is what the gateway's processes used, from /proc.`,
    `- **Streaming**: ${report.settings.stream.count} streams of ${report.settings.stream.chunks} content chunks one after another (after ${report.settings.stream.warmup} warm-up), alternating with the same stream straight from the upstream; upstream 20 ms to the first event then a chunk every 5 ms; time to the first content chunk and the gaps between content chunks as the client sees them, gateway − straight.`,
    `- **Concurrent paced streams**: levels ${report.settings.paced.levels.join(', ')} (when the first is not held: ${report.settings.paced.lower.join(', ')}); each stream gets ${report.settings.paced.frames} chunks, one every ${report.upstream.paced.chunkDelayMs} ms; streams are opened ${report.settings.paced.openPerBatch} every ${report.settings.paced.batchEveryMs} ms. A level is held when every stream receives its whole text in order and \`[DONE]\`, and all were open at once (from the first byte of each answer to its end). Stops at the first level not held. The upstream alone was checked at the top level to show the harness can hold it.`,
    `- **Idle streaming connection memory**: ${report.settings.idle.streams} streams opened through the gateway to an upstream that sends its first event and then pauses; (RSS of the gateway's processes while they are open − RSS before) ÷ the streams open at the upstream. Measured first, right after the warm-up, so earlier phases have not already grown the heap.`,
    '',
    '### Details',
    '',
  );
  for (const t of report.targets) {
    push(`#### ${t.label}`, '');
    if (t.status !== 'ok') {
      push('```', t.error, '```', '');
      continue;
    }
    const r = t.results;
    const lat = (l) => `p50 ${fmt(l.p50, 3)}, p90 ${fmt(l.p90, 3)}, p99 ${fmt(l.p99, 3)}, max ${fmt(l.max, 3)} (n=${l.n})`;
    if (r.latency) push(`- c=1 latency (ms) through the gateway: ${lat(r.latency.gateway)}; straight to the upstream, in turn: ${lat(r.latency.direct)}`);
    if (r.streaming) {
      const str = (v) =>
        `first content chunk p50 ${fmt(v.ttft.p50, 3)} / p99 ${fmt(v.ttft.p99, 3)} ms, gap between chunks p50 ${fmt(v.gap.p50, 3)} / p99 ${fmt(v.gap.p99, 3)} ms, last chunk p50 ${fmt(v.lastChunk.p50, 1)} ms, content chunks per stream ${v.contentChunksReceived.join(', ')}`;
      push(`- streaming (${r.streaming.expectedChunks} chunks sent by the upstream) through the gateway: ${str(r.streaming.gateway)}; straight to the upstream, in turn: ${str(r.streaming.direct)}`);
    }
    if (r.idleMemory) {
      const i = r.idleMemory;
      push(`- idle streams: ${i.streams} opened, ${i.openAtUpstream} open at the upstream; RSS ${fmt(i.rssBeforeMB, 1)} → ${fmt(i.rssDuringMB, 1)} MB = ${fmt(i.kbPerStream, 1)} KB per stream`);
    }
    if (r.throughput) {
      push('', '| concurrency | req/s | p50 ms | p99 ms | errors | CPU cores busy | p99 < bound |', '|---|---|---|---|---|---|---|');
      for (const l of r.throughput.levels) push(`| ${l.concurrency}${l.attempt > 1 ? ' (again)' : ''} | ${fmt(l.rps, 1)} | ${fmt(l.p50, 2)} | ${fmt(l.p99, 2)} | ${l.errors}${l.firstError ? ` (${escapeCell(l.firstError.slice(0, 120))})` : ''} | ${fmt(l.coresBusy, 2)} | ${l.ok ? 'yes' : 'no'} |`);
      push('');
    }
    if (r.paced) {
      push('', '| paced streams | held | peak open at once | failed | last chunk p50 / p99 ms | seconds |', '|---|---|---|---|---|---|');
      for (const l of r.paced.levels) {
        push(`| ${l.streams} | ${l.held ? 'yes' : 'no'} | ${l.peakOpen} | ${l.failed}${l.firstFailure ? ` (${escapeCell(l.firstFailure.slice(0, 120))})` : ''} | ${fmt(l.lastChunk.p50, 0)} / ${fmt(l.lastChunk.p99, 0)} | ${l.seconds} |`);
      }
      push('');
    }
    push('');
  }
  push(
    '### Reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench -- gateway     # installs Portkey and LiteLLM into .cache/bench/ once (tools/bench/provision.mjs), builds the API, runs everything',
    'npm run bench                # the foundation benchmark and this one',
    '```',
    '',
    'Everything this run measured, with each level, is in `docs/benchmarks/gateway.json`; process logs are in `dist/bench/`.',
    '',
  );
  return lines.join('\n');
}

/** CPU per request is steadier than a p99-bounded RPS on a shared machine: say how Gennai compares on it. */
function efficiencyLines(derived, language) {
  const portkey = derived.portkey?.cpuMsPerRequest;
  const rows = ['gennai-full', 'gennai-bare']
    .map((name) => [name, derived[name]?.cpuMsPerRequest])
    .filter(([, ms]) => ms && portkey);
  if (!rows.length) return [];
  const ratio = (ms) => fmt(portkey / ms);
  const text =
    language === 'ja'
      ? `CPU 効率（/proc で測った c=4 でのリクエストあたり CPU 時間）: ${rows.map(([n, ms]) => `${n} ${fmt(ms)} ms（Portkey ${fmt(portkey)} ms の ${ratio(ms)} 倍の効率）`).join('、')}。`
      : `CPU efficiency (CPU time per request at c=4, from /proc; steadier than the p99-bounded throughput on a shared machine): ${rows.map(([n, ms]) => `${n} ${fmt(ms)} ms (${ratio(ms)}× Portkey's ${fmt(portkey)} ms per request)`).join(', ')}.`;
  return [text, ''];
}

function cell(numbers, ratios, metric, target) {
  if (!target || target.status !== 'ok') return `not run: ${target?.status ?? 'skipped'}`;
  const value = numbers?.[metric.key];
  if (value === null || value === undefined) return '—';
  if (metric.key === 'rpsPerCore' && value === 0) return '0 (p99 ≥ 50 ms already at c=1)';
  const ratio = ratios?.[metric.key];
  const isReference = target.name === 'gennai-full';
  return `${fmt(value)}${isReference || ratio === null ? '' : ` (${fmt(ratio)}×)`}`;
}

function firstLine(text) {
  return String(text ?? '').split('\n')[0];
}

function escapeCell(text) {
  return String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Writes gateway.json and gateway.md; returns the Markdown and a few lines for the console. */
export function writeGatewayReport(root, report) {
  report.derived = deriveGatewayNumbers(report);
  const dir = join(root, 'docs/benchmarks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gateway.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderGatewayMarkdown(report);
  writeFileSync(join(dir, 'gateway.md'), markdown);
  const summaryLines = report.derived.checks.map((c) => `${c.verdict.padEnd(12)} ${c.en}: ${fmt(c.value)} ${c.value === null ? '' : c.unit}`);
  return { markdown, summaryLines };
}
