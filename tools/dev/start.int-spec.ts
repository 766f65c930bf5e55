import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from './embedded-postgres.mjs';

const root = resolve(import.meta.dirname, '../..');

/** Signs a demo user in through the development identity provider as the browser does (PKCE); returns an access token. */
async function signIn(url: string, username: string): Promise<string> {
  const realm = `${url}/realms/gennai/protocol/openid-connect`;
  const redirectUri = `${url}/`;
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({ client_id: 'gennai-web', redirect_uri: redirectUri, response_type: 'code', scope: 'openid', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const page = await fetch(`${realm}/auth?${query}`, { redirect: 'manual' });
  const html = await page.text();
  const cookie = page.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const picked = await fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, username }),
  });
  const code = new URL(picked.headers.get('location') ?? '', url).searchParams.get('code') ?? '';
  const tokens = await fetch(`${realm}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'gennai-web', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  return ((await tokens.json()) as { access_token: string }).access_token;
}

/** `npm start` as a newcomer runs it: embedded PostgreSQL, the dev identity provider and the demo models. */
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

  it('lets a demo user compare the two demo models blind, and shows the demo vendor its models', async () => {
    const api = async (username: string, method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${await signIn(url, username)}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const started = await api('hanako', 'POST', '/api/arena/battles', { prompt: '会議の議事録を要約して', informationClass: 2 });
    expect(started.status).toBe(200);
    const stream = await started.text();
    expect(stream).toContain('event: done');
    const battleId = (/"battle":\{"id":"([0-9a-f-]{36})"/.exec(stream) ?? [])[1];
    const voted = (await (await api('hanako', 'POST', `/api/arena/battles/${battleId}/vote`, { winner: 'tie' })).json()) as { answers: Record<'a' | 'b', { model: { id: string } }> };
    expect([voted.answers.a.model.id, voted.answers.b.model.id].sort()).toEqual(['demo', 'demo-brief']);

    const vendor = (await (await api('kenta', 'GET', '/api/vendor/models')).json()) as { vendor: string; models: { id: string; label: string }[] };
    expect(vendor.vendor).toBe('Gennai');
    expect(vendor.models.map((model) => model.id).sort()).toEqual(['demo', 'demo-brief']);
    // Named as demos, so nobody takes their feedback for a real model's.
    expect(vendor.models.every((model) => model.label.endsWith('（デモ）'))).toBe(true);
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
