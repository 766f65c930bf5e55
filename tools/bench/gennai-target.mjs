// Gennai's gateway as the benchmark runs it: the built API (dist/apps/api/main.js) as a child process on the gateway
// core, an embedded PostgreSQL (default durability) on the harness core, the development identity provider, and the
// benchmark's upstreams declared in GENNAI_MODELS. Requests go to POST /v1/chat/completions with a personal API key.
//   bare: no quota rules, rate limits off (0) — what cannot be switched off stays on: API-key authentication, model
//         policy (organisation, role, information class) and usage accounting (one batched usage record per request).
//   full: the same plus per-user and per-organisation quota rules (checked and reserved atomically in PostgreSQL on
//         every request, settled afterwards) and rate limits per user and per API key (high enough never to refuse).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, startEmbeddedPostgres } from '../dev/embedded-postgres.mjs';
import { onGatewayCore, pinning, startProcess, waitForHttp } from './processes.mjs';
import { PHASES } from './targets.mjs';

export const GENNAI_CONFIGS = {
  bare: {
    label: 'Gennai — bare proxy path',
    env: { GENNAI_RATE_LIMIT_PER_MINUTE: '0', GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE: '0' },
    quotaRules: [],
    setupJa:
      '個人 API キーで POST /v1/chat/completions。クォータ規則なし、レート制限オフ（0）。切れないため常に有効: API キー認証（ハッシュ照合、30 秒キャッシュ）、' +
      'モデル利用ポリシー（組織・ロール・機密性区分）、利用記録（バッチ書き込み）',
    setup:
      'POST /v1/chat/completions with a personal API key; no quota rules, rate limits off (0). Always on (cannot be switched off): ' +
      'API-key authentication (hash lookup, cached 30 s), model policy, usage accounting (batched usage records)',
  },
  full: {
    label: 'Gennai — full path',
    env: { GENNAI_RATE_LIMIT_PER_MINUTE: '1000000', GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE: '1000000' },
    quotaRules: [
      { scope: 'user', organizationId: null, period: 'day', maxRequests: 1_000_000_000, maxTokens: 1_000_000_000_000 },
      { scope: 'organization', organizationId: null, period: 'month', maxRequests: 1_000_000_000, maxTokens: 1_000_000_000_000 },
    ],
    setupJa:
      'bare に加えて、利用者ごと（日）と組織ごと（月）のクォータ規則を毎リクエスト PostgreSQL で予約・精算し、利用者と API キーごとの' +
      'レート制限（毎分 1,000,000 件: 数えるが拒否はしない）',
    setup:
      'as bare, plus quota rules per user (day) and per organisation (month) reserved and settled in PostgreSQL on every request, ' +
      'and rate limits per user and per API key (1,000,000/min, so they count but never refuse)',
  },
};

/** The demo user the benchmark signs in as: a platform admin (to set quota rules) who is also a plain `user`. */
const BENCH_USER = 'jiro';

/** Builds the API once per run: `npx nx run api:build`. Throws with the build output's tail when it fails. */
export function buildApi(root) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'api:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  if (build.status !== 0 || !existsSync(join(root, 'dist/apps/api/main.js'))) {
    throw new Error(`npx nx run api:build failed (exit ${build.status}):\n${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
}

/** One PostgreSQL for both configurations, default durability (fsync and synchronous_commit on), in a temp dir. */
export async function startBenchPostgres(workDir) {
  const dataDir = mkdtempSync(join(workDir, 'postgres-'));
  const postgres = await startEmbeddedPostgres({ dataDir, persistent: true });
  return {
    url: postgres.url,
    async stop() {
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the built API in one configuration against the given PostgreSQL, signs in, creates a personal API key and
 * sets the configuration's quota rules. `state` carries the key across configurations (same database).
 */
export async function startGennai(root, configName, upstream, postgres, { logFile, state }) {
  const config = GENNAI_CONFIGS[configName];
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development', // the development identity provider is refused in production; nothing else depends on it
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_GENNAI_LOG_LEVEL ?? 'info',
    DATABASE_URL: postgres.url,
    GENNAI_PUBLIC_URL: baseUrl,
    GENNAI_DEV_IDENTITY: 'true',
    GENNAI_DEMO_MODEL: 'false',
    GENNAI_SECRET_KEY: randomBytes(32).toString('base64'),
    GENNAI_MODELS: JSON.stringify(PHASES.map((phase) => ({ id: `bench-${phase}`, label: `Benchmark ${phase}`, baseUrl: upstream.baseUrls[phase], model: 'test-model' }))),
    ...config.env,
  };
  delete env.KEYCLOAK_URL;
  if (!state.migrated) {
    const migrate = spawnSync(process.execPath, [join(root, 'dist/apps/api/migrate.js')], { cwd: root, env, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrations failed:\n${`${migrate.stdout}\n${migrate.stderr}`.slice(-3000)}`);
    state.migrated = true;
  }
  // BENCH_GENNAI_NODE_ARGS='--cpu-prof --cpu-prof-dir=dist/bench/profiles' profiles the API while it is measured.
  const nodeArgs = (process.env.BENCH_GENNAI_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const [command, args] = onGatewayCore(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/main.js')]);
  const handle = startProcess(command, args, { cwd: root, env, logFile });
  try {
    await waitForHttp(`${baseUrl}/readyz`, handle, { name: `Gennai API (${configName})`, timeoutMs: 90_000 });
    const token = await devIdentityToken(baseUrl, BENCH_USER);
    state.apiKey ??= await createApiKey(baseUrl, token);
    await setQuotaRules(baseUrl, token, config.quotaRules);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  const apiPid = handle.child.pid;
  return {
    name: `gennai-${configName}`,
    label: config.label,
    version: `Gennai ${gitDescription(root)} (dist/apps/api/main.js, Node.js ${process.version})`,
    cores: pinning ? '1 (one Node.js process, pinned to one core; its PostgreSQL runs on the harness core)' : '1 (one Node.js process) + PostgreSQL',
    setup: `${config.setup}; LOG_LEVEL=${env.LOG_LEVEL} (one JSON log line per request, to a file); PostgreSQL 18 (embedded) with default durability (fsync, synchronous_commit on)`,
    // taskset execs node, so the child's pid is the API's.
    pids: () => [apiPid],
    endpoint: (phase) => ({ url: new URL(`${baseUrl}/v1/chat/completions`), headers: { authorization: `Bearer ${state.apiKey}` }, model: `bench-${phase}` }),
    stop: () => handle.stop(10_000),
  };
}

/**
 * An access token from the development identity provider without a browser: the authorization-code flow with PKCE,
 * picking the demo user on the sign-in page as a person would.
 */
export async function devIdentityToken(baseUrl, username) {
  const realm = `${baseUrl}/realms/gennai/protocol/openid-connect`;
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${baseUrl}/`;
  const query = new URLSearchParams({
    client_id: 'gennai-web',
    redirect_uri: redirectUri,
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await fetch(`${realm}/auth?${query}`, { redirect: 'manual' });
  const html = await page.text();
  const cookies = page.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !action || !request) throw new Error(`dev identity sign-in page: HTTP ${page.status}: ${html.slice(0, 300)}`);
  const signedIn = await fetch(new URL(action.replaceAll('&amp;', '&'), baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, username }),
  });
  const location = signedIn.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (!code) throw new Error(`dev identity sign-in: HTTP ${signedIn.status}, no code (${location ?? await signedIn.text()})`);
  const tokenResponse = await fetch(`${realm}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'gennai-web', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const body = await tokenResponse.json();
  if (!tokenResponse.ok || !body.access_token) throw new Error(`dev identity token: HTTP ${tokenResponse.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function createApiKey(baseUrl, token) {
  // The first authenticated call also creates the user and the organisation.
  const response = await fetch(`${baseUrl}/api/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'gateway benchmark', expiresInDays: 1 }),
  });
  const body = await response.json();
  if (response.status !== 201 && response.status !== 200) throw new Error(`POST /api/api-keys: HTTP ${response.status}: ${JSON.stringify(body)}`);
  return body.secret;
}

async function setQuotaRules(baseUrl, token, rules) {
  for (const rule of rules) {
    const response = await fetch(`${baseUrl}/api/admin/quotas`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    if (!response.ok) throw new Error(`PUT /api/admin/quotas ${JSON.stringify(rule)}: HTTP ${response.status}: ${await response.text()}`);
  }
}

function gitDescription(root) {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return `${head || 'unknown'}${dirty ? ' + uncommitted changes' : ''}`;
}
