import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from './embedded-postgres.mjs';

const root = resolve(import.meta.dirname, '../..');

/** `npm start` as a newcomer runs it: embedded PostgreSQL, the dev identity provider and the demo model. */
describe('npm start', () => {
  let child: ChildProcess;
  let output = '';
  let url: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'gennai-start-'));
  // Embedded PostgreSQL runs as the `postgres` user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);

  beforeAll(async () => {
    const port = await findFreePort();
    url = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GENNAI_DATA_DIR: join(dataDir, 'postgres'), LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'KEYCLOAK_URL', 'GENNAI_MODELS', 'NODE_ENV', 'GENNAI_PUBLIC_URL']) delete env[name];
    // --no-build: the test target depends on the api and web builds.
    child = spawn(process.execPath, [join(root, 'tools/dev/start.mjs'), '--no-build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 90_000;
    while (!/ready in [\d.]+ s/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not become ready:\n${output}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  });

  afterAll(async () => {
    if (child?.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the web app, the API and the development identity provider on one address', async () => {
    const page = await fetch(`${url}/c/some-conversation`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="ja"');
    expect(await (await fetch(`${url}/api/auth/config`)).json()).toEqual({ url, realm: 'gennai', clientId: 'gennai-web', developmentProvider: true });
    const discovery = (await (await fetch(`${url}/realms/gennai/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(`${url}/realms/gennai`);
    const login = await fetch(
      `${url}/realms/gennai/protocol/openid-connect/auth?client_id=gennai-web&response_type=code&redirect_uri=${encodeURIComponent(`${url}/`)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256&state=s`,
    );
    const html = await login.text();
    expect(html).toContain('デジタル庁');
    expect(html).toContain('横須賀市');
  });

  it('has applied the migrations to its embedded database', async () => {
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ok', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('stops everything on Ctrl-C', async () => {
    child.kill('SIGINT');
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
