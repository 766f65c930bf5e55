#!/usr/bin/env node
// A real Keycloak with the shipped `gennai` realm, for tests. Providers, in order:
//   env KEYCLOAK_URL → a testcontainers container (needs a container runtime) → the distribution that
//   `npm run provision` unpacked into .cache/ (needs Java 17+).
// By hand: `node tools/testing/keycloak.mjs` starts one, prints its URL and admin login, and runs until Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KEYCLOAK_VERSION, keycloakHome, repoRoot } from '../provision/paths.mjs';

export const REALM = 'gennai';
export const REALM_FILE = join(repoRoot, 'deploy/keycloak/gennai-realm.json');
export const TEST_CLIENT_ID = 'gennai-test';
const WEB_CLIENT_ID = 'gennai-web';
const CONTAINER_IMAGE = `keycloak/keycloak:${KEYCLOAK_VERSION}`;
const NO_RUNTIME = /Could not find a working container runtime strategy/i;
// The first start of the distribution builds (augments) Keycloak: minutes on a 2-core machine.
const START_TIMEOUT_MS = Number(process.env.KEYCLOAK_START_TIMEOUT_MS ?? 600_000);
const LOG_DIR = join(repoRoot, 'dist/keycloak');

/**
 * @returns {Promise<import('./keycloak.d.mts').KeycloakForTests>}
 */
export async function startKeycloak() {
  if (process.env.KEYCLOAK_URL) return useConfiguredKeycloak(process.env.KEYCLOAK_URL);

  const attempts = [];
  try {
    return await startContainer();
  } catch (error) {
    attempts.push(`testcontainers: ${firstLine(error)}`);
  }
  try {
    return await startDistribution();
  } catch (error) {
    attempts.push(`distribution: ${error?.message ?? error}`);
  }
  throw new Error(
    'No Keycloak available for tests. Provide one of:\n' +
      '  - KEYCLOAK_URL=https://keycloak.example (+ KEYCLOAK_ADMIN_USERNAME/KEYCLOAK_ADMIN_PASSWORD of a master-realm admin; ' +
      'the gennai realm is imported from deploy/keycloak/gennai-realm.json when missing),\n' +
      `  - a Docker/Podman runtime for testcontainers (image ${CONTAINER_IMAGE}),\n` +
      '  - Maven + Java 17+: run `npm run provision` to unpack the Keycloak distribution into .cache/.\n' +
      `Tried:\n  ${attempts.join('\n  ')}`,
  );
}

async function useConfiguredKeycloak(rawUrl) {
  const url = rawUrl.replace(/\/+$/, '');
  const username = process.env.KEYCLOAK_ADMIN_USERNAME;
  const password = process.env.KEYCLOAK_ADMIN_PASSWORD;
  if (!username || !password) {
    throw new Error(
      `KEYCLOAK_URL=${url} is set but KEYCLOAK_ADMIN_USERNAME/KEYCLOAK_ADMIN_PASSWORD are not: tests need a master-realm ` +
        'admin to create their users and the gennai-test client.',
    );
  }
  const admin = new AdminClient({ url, realm: REALM, username, password, cleanUp: true });
  try {
    await admin.token();
  } catch (error) {
    // An explicit choice that does not work is an error, not a reason to quietly test against something else.
    throw new Error(`KEYCLOAK_URL is set but the admin login at ${url} failed: ${error.message}`, { cause: error });
  }
  if (!(await admin.realmExists())) await admin.importRealm(JSON.parse(readFileSync(REALM_FILE, 'utf8')));
  return handle('env', url, admin, { username, password }, async () => undefined);
}

async function startContainer() {
  // Imported lazily: loading testcontainers costs time the other providers should not pay.
  const { GenericContainer, Wait } = await import('testcontainers');
  const credentials = bootstrapAdmin();
  let container;
  try {
    container = await new GenericContainer(CONTAINER_IMAGE)
      .withCommand(['start-dev', '--import-realm', '--health-enabled=true'])
      .withEnvironment({
        KC_BOOTSTRAP_ADMIN_USERNAME: credentials.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: credentials.password,
      })
      .withCopyFilesToContainer([{ source: REALM_FILE, target: '/opt/keycloak/data/import/gennai-realm.json' }])
      .withExposedPorts(8080, 9000)
      .withWaitStrategy(Wait.forHttp('/health/ready', 9000).forStatusCode(200))
      .withStartupTimeout(START_TIMEOUT_MS)
      .start();
  } catch (error) {
    if (NO_RUNTIME.test(String(error?.message))) throw new Error('no container runtime answered', { cause: error });
    throw error;
  }
  const url = `http://${container.getHost()}:${container.getMappedPort(8080)}`;
  const admin = new AdminClient({ url, realm: REALM, ...credentials });
  return handle('testcontainers', url, admin, credentials, async () => void (await container.stop()));
}

async function startDistribution() {
  const home = keycloakHome();
  const credentials = bootstrapAdmin();
  const [httpPort, managementPort] = [await freePort(), await freePort()];
  const instance = makeInstanceHome(home);
  mkdirSync(LOG_DIR, { recursive: true });
  pruneOldLogs();
  const logFile = join(LOG_DIR, `keycloak-${httpPort}.log`);
  const log = openSync(logFile, 'w');

  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(KC_|KEYCLOAK_|DEBUG$)/.test(key)));
  const child = spawn(
    join(instance, 'bin/kc.sh'),
    [
      'start-dev',
      '--import-realm',
      '--health-enabled=true',
      '--http-host=127.0.0.1',
      `--http-port=${httpPort}`,
      `--http-management-port=${managementPort}`,
    ],
    {
      cwd: instance,
      // Own process group, so stop() ends kc.sh and the JVM it starts together.
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...env,
        KC_BOOTSTRAP_ADMIN_USERNAME: credentials.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: credentials.password,
        JAVA_OPTS_KC_HEAP: '-Xms128m -Xmx768m',
      },
    },
  );
  closeSync(log);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(instance, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitUntilReady(`http://127.0.0.1:${managementPort}/health/ready`, exited);
  } catch (error) {
    await stop();
    throw new Error(
      `Keycloak ${KEYCLOAK_VERSION} from ${home} did not become ready: ${error.message}\n` +
        `Log ${logFile} ends with:\n${tail(logFile, 30)}\n` +
        'It needs Java 17+ on PATH (or JAVA_HOME) and about 1 GB of free memory.',
    );
  }
  const admin = new AdminClient({ url, realm: REALM, ...credentials });
  return handle('distribution', url, admin, credentials, stop);
}

/**
 * A private Keycloak home for one start: the cached distribution's code, config and themes linked in, its own
 * data/ with the realm to import. Runs never share a database, and a run leaves the cache untouched apart from
 * Keycloak's own build output in lib/.
 */
function makeInstanceHome(home) {
  const instance = mkdtempSync(join(tmpdir(), 'gennai-keycloak-'));
  // kc.sh finds its home from its own resolved path, so it is copied rather than linked.
  mkdirSync(join(instance, 'bin'));
  copyFileSync(join(home, 'bin/kc.sh'), join(instance, 'bin/kc.sh'));
  for (const part of ['lib', 'conf', 'providers', 'themes']) symlinkSync(join(home, part), join(instance, part), 'dir');
  mkdirSync(join(instance, 'data/import'), { recursive: true });
  copyFileSync(REALM_FILE, join(instance, 'data/import/gennai-realm.json'));
  return instance;
}

async function waitUntilReady(healthUrl, exited) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let processEnded;
  exited.then((status) => (processEnded = status));
  while (Date.now() < deadline) {
    if (processEnded) {
      throw new Error(`kc.sh exited early (code ${processEnded.code ?? '-'}, signal ${processEnded.signal ?? '-'})`);
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(1_000);
  }
  throw new Error(`no answer from ${healthUrl} within ${START_TIMEOUT_MS / 1000} s (KEYCLOAK_START_TIMEOUT_MS)`);
}

function handle(provider, url, admin, adminCredentials, stopServer) {
  let stopped;
  return {
    url,
    realm: REALM,
    provider,
    admin,
    adminCredentials,
    stop() {
      stopped ??= (async () => {
        try {
          await admin.cleanUp();
        } finally {
          await stopServer();
        }
      })();
      return stopped;
    },
  };
}

/**
 * Just enough of Keycloak's admin REST API for tests: plain fetch, a master-realm admin-cli token.
 * On a Keycloak we do not own (KEYCLOAK_URL), cleanUp() removes what the tests added.
 */
export class AdminClient {
  #tokenResponse;
  #tokenExpires = 0;
  #testClient;
  #created = { users: [], organizations: [], testClient: false, origins: [], realm: false };
  #organizations;

  constructor({ url, realm, username, password, cleanUp = false }) {
    this.url = url;
    this.realm = realm;
    this.username = username;
    this.password = password;
    this.cleansUp = cleanUp;
  }

  /** A master-realm admin access token, renewed shortly before it expires. */
  async token() {
    if (this.#tokenResponse && Date.now() < this.#tokenExpires) return this.#tokenResponse.access_token;
    const response = await fetch(`${this.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: this.username,
        password: this.password,
      }),
    });
    if (!response.ok) throw new Error(`admin token: HTTP ${response.status} ${await response.text()}`);
    this.#tokenResponse = await response.json();
    this.#tokenExpires = Date.now() + (this.#tokenResponse.expires_in - 10) * 1000;
    return this.#tokenResponse.access_token;
  }

  /** Calls /admin/realms/<realm><path>; returns parsed JSON, or the new id for a 201 with a Location. */
  async request(method, path, body, { realmPath = `/admin/realms/${this.realm}` } = {}) {
    const response = await fetch(`${this.url}${realmPath}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`Keycloak admin API ${method} ${realmPath}${path}: HTTP ${response.status} ${await response.text()}`);
    }
    const location = response.headers.get('location');
    if (response.status === 201 && location) return location.slice(location.lastIndexOf('/') + 1);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  async realmExists() {
    const response = await fetch(`${this.url}/admin/realms/${this.realm}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    if (response.status === 404) return false;
    if (!response.ok) throw new Error(`Keycloak admin API GET realm ${this.realm}: HTTP ${response.status}`);
    return true;
  }

  async importRealm(representation) {
    await this.request('POST', '', representation, { realmPath: '/admin/realms' });
    this.#created.realm = true;
  }

  /** The client representation for a clientId, or undefined. */
  async client(clientId) {
    const [found] = await this.request('GET', `/clients?clientId=${encodeURIComponent(clientId)}`);
    return found;
  }

  /**
   * A Keycloak Organization with this alias (created on first use; returns its id). `provision` sets the attribute
   * `gennai.provision` that lets Gennai create the organisation at its first member's sign-in; `gennai.name` is the
   * name Gennai then gives it.
   */
  async ensureOrganization({ alias, name = alias, domain, provision = true }) {
    const known = (this.#organizations ??= new Map());
    if (!known.has(alias)) {
      const lookup = (async () => {
        const [found] = await this.request('GET', `/organizations?search=${encodeURIComponent(alias)}&exact=true`);
        if (found && found.alias === alias) return found.id;
        const id = await this.request('POST', '/organizations', {
          name,
          alias,
          enabled: true,
          domains: [{ name: domain ?? `${alias}.example.test`, verified: false }],
          attributes: { 'gennai.name': [name], ...(provision ? { 'gennai.provision': ['true'] } : {}) },
        });
        this.#created.organizations.push(id);
        return id;
      })();
      lookup.catch(() => known.delete(alias));
      known.set(alias, lookup);
    }
    return known.get(alias);
  }

  /**
   * Creates a user who can log in with the password at once; returns the user's id. `organization` makes the user a
   * member of that Keycloak Organization (created if needed), `orgUnit` sets the unit path attribute (局/課).
   */
  async createUser({ username, password, organization, organizationName, organizationProvision, orgUnit, roles = [], firstName, lastName, email }) {
    const attributes = {};
    if (orgUnit !== undefined) attributes.org_unit = [orgUnit];
    const mail = email ?? `${username}@example.test`;
    const id = await this.request('POST', '/users', {
      username,
      enabled: true,
      // The realm's user profile requires these for users; missing ones would block password login.
      email: mail,
      emailVerified: true,
      firstName: firstName ?? username,
      lastName: lastName ?? 'Test',
      attributes,
      requiredActions: [],
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    this.#created.users.push(id);
    if (roles.length) {
      const mappings = await Promise.all(roles.map((role) => this.request('GET', `/roles/${encodeURIComponent(role)}`)));
      await this.request('POST', `/users/${id}/role-mappings/realm`, mappings);
    }
    if (organization !== undefined) {
      const organizationId = await this.ensureOrganization({
        alias: organization,
        name: organizationName,
        domain: mail.slice(mail.indexOf('@') + 1),
        provision: organizationProvision ?? true,
      });
      await this.request('POST', `/organizations/${organizationId}/members`, id);
    }
    return id;
  }

  /**
   * The test-only client `gennai-test`: public, direct access grants on, carrying gennai-web's protocol mappers
   * (aud gennai-api, organization claims). Never part of the shipped realm. Returns its clientId.
   */
  ensureTestClient() {
    this.#testClient ??= (async () => {
      if (await this.client(TEST_CLIENT_ID)) return TEST_CLIENT_ID;
      const web = await this.client(WEB_CLIENT_ID);
      if (!web) throw new Error(`realm ${this.realm} has no ${WEB_CLIENT_ID} client; is it the shipped realm?`);
      await this.request('POST', '/clients', {
        clientId: TEST_CLIENT_ID,
        name: 'Gennai tests (test-only)',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: true,
        fullScopeAllowed: true,
        // Copies, not moves: without their ids (undefined is dropped by JSON) Keycloak creates new mappers.
        protocolMappers: (web.protocolMappers ?? []).map((mapper) => ({ ...mapper, id: undefined })),
        // gennai-web has the realm's `organization` scope by default, so tokens name the user's organisation.
        defaultClientScopes: web.defaultClientScopes,
        optionalClientScopes: web.optionalClientScopes,
      });
      this.#created.testClient = true;
      return TEST_CLIENT_ID;
    })();
    this.#testClient.catch(() => (this.#testClient = undefined));
    return this.#testClient;
  }

  /** Logs a user in through gennai-test (password grant); returns Keycloak's token response. */
  async passwordToken(username, password) {
    const clientId = await this.ensureTestClient();
    const response = await fetch(`${this.url}/realms/${this.realm}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }),
    });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(`password login of ${username} failed: HTTP ${response.status} ${body.error}: ${body.error_description}`);
    }
    return body;
  }

  /** Lets a web app served at origin (e.g. http://127.0.0.1:41234) log in through gennai-web. */
  async allowWebOrigin(origin) {
    const web = await this.client(WEB_CLIENT_ID);
    if (!web) throw new Error(`realm ${this.realm} has no ${WEB_CLIENT_ID} client`);
    const redirect = `${origin}/*`;
    const redirectUris = web.redirectUris ?? [];
    const webOrigins = web.webOrigins ?? [];
    if (redirectUris.includes(redirect) && webOrigins.includes(origin)) return;
    await this.request('PUT', `/clients/${web.id}`, {
      ...web,
      redirectUris: [...new Set([...redirectUris, redirect])],
      webOrigins: [...new Set([...webOrigins, origin])],
    });
    this.#created.origins.push(origin);
  }

  /** Removes what tests added to a Keycloak we do not own; nothing to do on a throw-away server. */
  async cleanUp() {
    if (!this.cleansUp) return;
    const created = this.#created;
    if (created.realm) {
      await this.request('DELETE', '');
      return;
    }
    for (const id of created.users.splice(0)) await this.request('DELETE', `/users/${id}`);
    for (const id of created.organizations.splice(0)) await this.request('DELETE', `/organizations/${id}`);
    this.#organizations?.clear();
    if (created.testClient) {
      const test = await this.client(TEST_CLIENT_ID);
      if (test) await this.request('DELETE', `/clients/${test.id}`);
    }
    if (created.origins.length) {
      const web = await this.client(WEB_CLIENT_ID);
      const origins = new Set(created.origins.splice(0));
      await this.request('PUT', `/clients/${web.id}`, {
        ...web,
        redirectUris: web.redirectUris.filter((uri) => !origins.has(uri.replace(/\/\*$/, ''))),
        webOrigins: web.webOrigins.filter((origin) => !origins.has(origin)),
      });
    }
  }
}

function bootstrapAdmin() {
  return { username: 'admin', password: randomBytes(18).toString('base64url') };
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function pruneOldLogs() {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(LOG_DIR)) {
    const file = join(LOG_DIR, name);
    if (name.endsWith('.log') && statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
  }
}

function tail(file, lines) {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}

function sleep(ms) {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  console.log('Starting Keycloak…');
  const keycloak = await startKeycloak();
  console.log(
    [
      `Keycloak is ready (${keycloak.provider}, ${Math.round((Date.now() - started) / 1000)} s).`,
      `  URL:          ${keycloak.url}`,
      `  issuer:       ${keycloak.url}/realms/${keycloak.realm}`,
      `  admin console ${keycloak.url}/admin/master/console/`,
      `  admin login:  ${keycloak.adminCredentials.username} / ${keycloak.adminCredentials.password}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  const shutdown = async () => {
    console.log('Stopping Keycloak…');
    await keycloak.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
