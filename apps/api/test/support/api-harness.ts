import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { query } from '../../../../tools/testing/sql.mjs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/run-migrations';
import { createLogger } from '../../src/logging/logger';

const asAdmin = (sql: string) => query(inject('postgresAdminUrl'), sql);

/** A fresh, empty database on the test PostgreSQL server (tests never share one), and how to drop it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<unknown> }> {
  const name = `gennai_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface TestApi {
  url: string;
  db: DataSource;
  /** The running Nest application, for tests that drive a background job directly. */
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * The real API on a random port, against its own migrated database, real Keycloak and the
 * OpenAI-compatible test server (models `echo`, `broken` (HTTP 500), `busy` (429), `stuck` (times out), `cut` (stream cut mid-way)).
 */
export async function startTestApi(
  env: Record<string, string> = {},
  options: { migrate?: boolean; /** Runs on the migrated database before the API starts. */ seed?: (db: DataSource) => Promise<unknown> } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  const llm = inject('llmBaseUrl');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    KEYCLOAK_URL: inject('keycloakUrl'),
    GENNAI_MODELS: JSON.stringify([
      { id: 'echo', label: 'Echo (test)', baseUrl: llm, model: 'test-model' },
      { id: 'broken', label: 'Broken (test)', baseUrl: llm, model: 'test-500' },
      { id: 'busy', label: 'Busy (test)', baseUrl: llm, model: 'test-429' },
      { id: 'stuck', label: 'Stuck (test)', baseUrl: llm, model: 'test-timeout' },
      { id: 'cut', label: 'Cut (test)', baseUrl: llm, model: 'test-cut' },
    ]),
    GENNAI_UPSTREAM_TIMEOUT_MS: '1500',
    GENNAI_MAX_MESSAGE_CHARS: '200',
    ...env,
  });
  const db = new DataSource(dataSourceOptions({ ...config.database, poolSize: 2 }));
  await db.initialize();
  if (options.migrate !== false) await runMigrations(db);
  await options.seed?.(db);
  const app: INestApplication = await createApp(config, createLogger('silent'));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    app,
    async close() {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}
