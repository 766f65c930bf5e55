import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { schemaDrift } from '../src/database/schema-drift';
import { createTestDatabase, startTestApi, type TestApi } from './support/api-harness';

describe('database migrations', () => {
  const open: { close(): Promise<unknown> }[] = [];
  afterAll(async () => {
    for (const item of open) await item.close();
  });

  it('apply to an empty database, leave no difference to the entities, and are idempotent', async () => {
    const database = await createTestDatabase();
    const db = new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, ssl: false }));
    await db.initialize();
    open.push({ close: async () => (await db.destroy(), await database.drop()) });
    const applied = await runMigrations(db);
    expect(applied.length).toBeGreaterThan(0);
    expect(await schemaDrift(db)).toEqual([]);
    expect(await runMigrations(db)).toEqual([]);
  });

  it('run once when several replicas migrate at the same time', async () => {
    const database = await createTestDatabase();
    const sources = [0, 1, 2].map(() => new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, ssl: false })));
    await Promise.all(sources.map((s) => s.initialize()));
    open.push({ close: async () => (await Promise.all(sources.map((s) => s.destroy())), await database.drop()) });
    const results = await Promise.all(sources.map((s) => runMigrations(s)));
    expect(results.flat()).toHaveLength(results.find((r) => r.length)!.length);
  });

  it('keep /readyz at 503 until they are applied', async () => {
    const api: TestApi = await startTestApi({}, { migrate: false });
    open.push(api);
    const before = await fetch(`${api.url}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ checks: { database: 'ok', migrations: 'pending' } });
    await runMigrations(api.db);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  });
});
