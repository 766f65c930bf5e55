#!/usr/bin/env node
// Regenerates .env.example from the API's configuration schema (via Vitest's TypeScript loader).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'apps/api/vitest.config.mts', 'env-reference', '-u'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, GENNAI_WRITE_ENV_EXAMPLE: '1' } },
);
process.exit(result.status ?? 1);
