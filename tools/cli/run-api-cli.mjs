// Runs one of the command-line tools the API ships (dist/apps/api/…/*.cli.js) from the repository: builds the API
// first (cached by Nx after the first run) unless `--no-build` is given, then runs the tool with the other arguments —
// the same file the API image runs. Exit code: the tool's, or 2 when it could not be built or found.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `script` names the npm script for messages (`audit:verify`); `cli` is the path under dist/apps/api. */
export function runApiCli(script, cli, args = process.argv.slice(2)) {
  const file = join(root, 'dist/apps/api', cli);
  if (!args.includes('--no-build')) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '-p', 'contracts', 'api', '--outputStyle=static'], {
      cwd: root,
      // Build output goes to stderr, so `--json` leaves stdout to the result alone.
      stdio: ['ignore', 2, 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (build.status !== 0) process.exit(2);
  }
  if (!existsSync(file)) {
    console.error(`${script}: ${file} is missing: run without --no-build`);
    process.exit(2);
  }
  const run = spawnSync(process.execPath, [file, ...args.filter((arg) => arg !== '--no-build')], { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 2);
}
