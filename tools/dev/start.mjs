#!/usr/bin/env node
// `npm start`: the whole platform at http://localhost:3000 with nothing else installed —
// an embedded PostgreSQL (or DATABASE_URL), the built-in development identity provider (or
// KEYCLOAK_URL), the offline demo model beside any GENNAI_MODELS (two of them, comparable, when there is no real
// model), the API and the web app.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const startedAt = Date.now();
const port = Number(process.env.PORT ?? 3000);
const publicUrl = process.env.GENNAI_PUBLIC_URL ?? `http://localhost:${port}`;

function say(line) {
  process.stdout.write(`[gennai] ${line}\n`);
}

if (process.env.NODE_ENV === 'production') {
  console.error('[gennai] npm start is a development server; in production deploy the container images with the Helm chart (docs/operator/install.md).');
  process.exit(1);
}

if (!process.argv.includes('--no-build')) {
  say('building (cached after the first run)…');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '-p', 'contracts', 'api', 'web', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(root, 'dist/apps/api/main.js'))) {
  console.error('[gennai] dist/apps/api/main.js is missing: run without --no-build');
  process.exit(1);
}

let postgres;
let databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  say('using the PostgreSQL server in DATABASE_URL');
} else {
  const dataDir = process.env.GENNAI_DATA_DIR ?? join(root, '.gennai/postgres');
  postgres = await startEmbeddedPostgres({ dataDir, persistent: true });
  databaseUrl = postgres.url;
  say(`embedded PostgreSQL on port ${postgres.port} (data in ${dataDir})`);
}

/** A development-only key for provider credentials entered in the admin UI, kept beside the embedded database. */
/** A random 32-byte key kept in .gennai/<name>, made on first use: the same across restarts, never for production. */
function developmentKey(name, purpose) {
  const file = join(root, '.gennai', name);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    say(`development key for ${purpose} written to ${file} (never use it in production)`);
  }
  return readFileSync(file, 'utf8').trim();
}

const env = {
  ...process.env,
  GENNAI_SECRET_KEY: process.env.GENNAI_SECRET_KEY ?? developmentKey('secret-key', 'provider credentials'),
  GENNAI_VENDOR_PSEUDONYM_KEY: process.env.GENNAI_VENDOR_PSEUDONYM_KEY ?? developmentKey('vendor-pseudonym-key', 'pseudonyms in vendor feedback'),
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  GENNAI_PUBLIC_URL: publicUrl,
  GENNAI_WEB_DIST: process.env.GENNAI_WEB_DIST ?? join(root, 'dist/apps/web'),
  GENNAI_DEV_IDENTITY: process.env.KEYCLOAK_URL ? 'false' : 'true',
  // Without a real model the two offline demo models are all there is to compare on the 比較 page (never in production).
  GENNAI_ARENA_DEMO_MODELS: process.env.GENNAI_ARENA_DEMO_MODELS ?? (process.env.GENNAI_MODELS ? 'false' : 'true'),
};
say(process.env.KEYCLOAK_URL ? `identity: Keycloak at ${process.env.KEYCLOAK_URL}` : 'identity: built-in development provider (demo users, no passwords)');

const migrate = spawnSync(process.execPath, [join(root, 'dist/apps/api/migrate.js')], { cwd: root, env, stdio: 'inherit' });
if (migrate.status !== 0) {
  await postgres?.stop();
  process.exit(migrate.status ?? 1);
}

const api = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps/api/main.js')], { cwd: root, env, stdio: 'inherit' });
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));
  }
  await postgres?.stop();
  process.exit(code);
}
// embedded-postgres stops its servers on these signals by itself and then exits with 128 + the signal, whether or not
// the API has finished shutting down on that database. stop() does both in order — the API, then the database — so
// its handlers are the only ones.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
api.on('exit', (code) => {
  if (!stopping) stop(code ?? 1);
});

for (let i = 0; i < 600 && !stopping; i++) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    if (response.ok) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      say(`ready in ${seconds} s → open ${publicUrl}  (Ctrl-C stops everything)`);
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((done) => setTimeout(done, 100));
}
