#!/usr/bin/env node
// `npm run analytics:rollup [-- --from YYYY-MM-DD --to YYYY-MM-DD] [-- --json] [-- --no-build]`: rolls usage records
// and ratings up into the analytics dashboards' daily tables against DATABASE_URL (docs/developer/analytics.md) — the
// job the API ships (`node dist/apps/api/analytics/analytics-rollup.cli.js`). Exit code: 0 done, 1 interrupted,
// 2 could not run, 75 another run is under way.
import { runApiCli } from '../cli/run-api-cli.mjs';

runApiCli('analytics:rollup', 'analytics/analytics-rollup.cli.js');
