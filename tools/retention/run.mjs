#!/usr/bin/env node
// `npm run retention:run [-- --json] [-- --no-build]`: runs the retention job once against DATABASE_URL
// (docs/operator/retention.md) — the job the API ships (`node dist/apps/api/retention/retention-run.cli.js`).
// Exit code: 0 completed, 1 a part failed or it was interrupted, 2 could not run, 75 another run is under way.
import { runApiCli } from '../cli/run-api-cli.mjs';

runApiCli('retention:run', 'retention/retention-run.cli.js');
