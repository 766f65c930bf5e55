#!/usr/bin/env node
// `npm run report:rebuild -- <bundle.jsonl> <out-dir> [--locale ja|en] [--no-build]`: rebuilds an evaluation report
// from its raw-data bundle (apps/api/src/evaluation-report/report-rebuild.cli.ts). No database needed.
import { runApiCli } from './run-api-cli.mjs';

runApiCli('report:rebuild', 'evaluation-report/report-rebuild.cli.js');
