#!/usr/bin/env node
// `npm run audit:verify [-- --json] [-- --organization <uuid>] [-- --no-build]`: verifies the audit log's hash chains in
// DATABASE_URL (docs/operator/audit.md) with the verifier the API ships (`node dist/apps/api/audit/audit-verify.cli.js`).
// Exit code: 0 every chain intact, 1 a chain is broken (the first bad entry of each is printed), 2 could not run.
import { runApiCli } from '../cli/run-api-cli.mjs';

runApiCli('audit:verify', 'audit/audit-verify.cli.js');
