import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../../../../tools/dev/embedded-postgres.mjs';
import { startKeycloak } from '../../../../tools/testing/keycloak.mjs';
import { startOpenAiTestServer } from '../../../../tools/testing/openai-test-server.mjs';
import { providePostgres } from '../../../../tools/testing/postgres.mjs';
import { E2E_ADMIN, E2E_ORGANIZATION_USERS, E2E_USER } from './e2e-user';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    llmBaseUrl: string;
  }
}

const root = resolve(import.meta.dirname, '../../../..');
export const OUTPUT_DIR = join(root, 'dist/e2e');

/**
 * The whole platform as operators run it: the built API (serving the built web app) as its own
 * process, real PostgreSQL, real Keycloak with the shipped realm, and the OpenAI-compatible test server.
 */
export default async function setup(project: TestProject) {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/api/migrate.js', 'dist/apps/web/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: build first (npx nx run-many -t build) — npm test does this`);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const postgres = await providePostgres();
    stops.push(() => postgres.stop());
    const keycloak = await startKeycloak();
    stops.push(() => keycloak.stop());
    const llm = await startOpenAiTestServer({ chunkDelayMs: 40 });
    stops.push(() => llm.close());

    const port = await findFreePort();
    const appUrl = `http://127.0.0.1:${port}`;
    await keycloak.admin.allowWebOrigin(appUrl);
    await keycloak.admin.createUser(E2E_USER);
    await keycloak.admin.createUser(E2E_ADMIN);
    for (const user of E2E_ORGANIZATION_USERS) await keycloak.admin.createUser(user);

    const env = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: await postgres.createDatabase(),
      KEYCLOAK_URL: keycloak.url,
      GENNAI_PUBLIC_URL: appUrl,
      GENNAI_WEB_DIST: join(root, 'dist/apps/web'),
      GENNAI_DEMO_MODEL: 'true',
      GENNAI_SECRET_KEY: randomBytes(32).toString('base64'),
      GENNAI_USAGE_FLUSH_MS: '200',
      GENNAI_MODELS: JSON.stringify([
        { id: 'echo', label: 'Echo テストモデル', baseUrl: llm.baseUrl, model: 'test-model' },
        // A second answering model, so blind comparisons have a pair that both answer.
        { id: 'echo-2', label: 'Echo 2 テストモデル', baseUrl: llm.baseUrl, model: 'test-model' },
        { id: 'broken', label: '故障中テストモデル', baseUrl: llm.baseUrl, model: 'test-500' },
      ]),
    };
    const migrate = spawnSync(process.execPath, [join(root, 'dist/apps/api/migrate.js')], { env, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

    const log = createWriteStream(join(OUTPUT_DIR, 'api.log'));
    const api: ChildProcess = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout?.pipe(log);
    api.stderr?.pipe(log);
    stops.push(
      () =>
        new Promise((done) => {
          if (api.exitCode !== null) return done(undefined);
          api.once('exit', done);
          api.kill('SIGTERM');
        }),
    );
    await waitForReady(`${appUrl}/readyz`, api);
    project.provide('appUrl', appUrl);
    project.provide('llmBaseUrl', llm.baseUrl);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}

async function waitForReady(url: string, api: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode}; see dist/e2e/api.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the API did not become ready at ${url}; see dist/e2e/api.log`);
}
