#!/usr/bin/env node
// `npm run bench`: every benchmark, each writing docs/benchmarks/<name>.{json,md}. Targets are recorded beside each
// number, not asserted. Just one: `npm run bench -- foundation` or `npm run bench -- gateway`.
//   foundation  start-up time, API idle memory, web bundle size, npm test time       (foundation.mjs)
//   gateway     Gennai's gateway beside Portkey and LiteLLM (added latency, throughput per core, streaming,
//               concurrent streams, memory per idle stream); installs those two into .cache/bench/ once   (gateway.mjs)
//   pii         MB/s of the PII detector over Japanese text (../shared/datasets) and a PII-dense variant   (pii.mjs)
//   audit       npm run audit:verify over 1,000,000 entries (target ≤ 10 s)                                   (audit.mjs)
//   org-scope   per-request cost of the organisation scope over 2,000 organisations (target ≤ 0.2 ms)       (org-scope.mjs)
//   arena       Bradley–Terry leaderboard, 1,000 bootstrap rounds, 100 models, 10M votes (target ≤ 2 s)      (arena.mjs)
//   task-category  MB/s of the offline task-category classifier (target ≥ 5 MB/s)                       (task-category.mjs)
//   analytics   dashboard queries on a synthetic 10-million-message dataset (target p95 ≤ 200 ms)        (analytics.mjs)
//   report      the evaluation report for a quarter: 1M votes, 2M ratings, 100k survey answers (target ≤ 30 s)  (report.mjs)
const BENCHMARKS = {
  foundation: async () => (await import('./foundation.mjs')).runFoundationBenchmark(),
  gateway: async () => (await import('./gateway.mjs')).runGatewayBenchmark(),
  pii: async () => (await import('./pii.mjs')).runPiiBenchmark(),
  audit: async () => (await import('./audit.mjs')).runAuditBenchmark(),
  'org-scope': async () => (await import('./org-scope.mjs')).runOrgScopeBenchmark(),
  arena: async () => (await import('./arena.mjs')).runArenaBenchmark(),
  'task-category': async () => (await import('./task-category.mjs')).runTaskCategoryBenchmark(),
  analytics: async () => (await import('./analytics.mjs')).runAnalyticsBenchmark(),
  report: async () => (await import('./report.mjs')).runReportBenchmark(),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')}. Usage: npm run bench [-- ${Object.keys(BENCHMARKS).join('|')}]`);
  process.exit(2);
}
for (const name of asked.length ? asked : Object.keys(BENCHMARKS)) {
  process.stdout.write(`\n== bench: ${name} ==\n`);
  await BENCHMARKS[name]();
}
