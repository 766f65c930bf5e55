// Rewrites docs/operator/permissions{,.en}.md from the API's route table and role catalogue
// (apps/api/src/identity/permissions.ts): the same rendering the unit test compares the pages with.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'apps/api/vitest.config.mts', 'src/identity/route-access.spec.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, GENNAI_WRITE_DOCS: '1' } },
);
process.exit(result.status ?? 1);
