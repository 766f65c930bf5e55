import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providePostgres, type PostgresForTests } from './postgres.mjs';
import { query } from './sql.mjs';

describe('providePostgres', () => {
  let postgres: PostgresForTests;

  beforeAll(async () => {
    postgres = await providePostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('names the provider it found', () => {
    expect(['env', 'testcontainers', 'embedded']).toContain(postgres.provider);
    expect(postgres.adminUrl).toMatch(/^postgres(ql)?:\/\//);
  });

  it('runs a real query on a real PostgreSQL server', async () => {
    const url = await postgres.createDatabase();
    const [row] = await query<{ version: string; greeting: string; encoding: string }>(
      url,
      "SELECT version(), 'こんにちは'::text AS greeting, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()",
    );
    expect(row.version).toMatch(/^PostgreSQL \d+/);
    expect(row.greeting).toBe('こんにちは');
    expect(row.encoding).toBe('UTF8');
  });

  it('hands out databases that are empty and independent of each other', async () => {
    const first = await postgres.createDatabase();
    const second = await postgres.createDatabase();
    expect(first).not.toBe(second);

    const tablesIn = (url: string) =>
      query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(await tablesIn(first)).toEqual([]);
    expect(await tablesIn(second)).toEqual([]);

    await query(first, "CREATE TABLE note (text text); INSERT INTO note VALUES ('only in the first')");
    expect(await tablesIn(second)).toEqual([]);
    await query(second, "CREATE TABLE note (text text); INSERT INTO note VALUES ('only in the second')");

    expect(await query(first, 'SELECT text FROM note')).toEqual([{ text: 'only in the first' }]);
    expect(await query(second, 'SELECT text FROM note')).toEqual([{ text: 'only in the second' }]);
  });

  it('creates a database with the name asked for', async () => {
    const url = await postgres.createDatabase(`named_${process.pid}`);
    expect(new URL(url).pathname).toBe(`/named_${process.pid}`);
    const [row] = await query<{ name: string }>(url, 'SELECT current_database() AS name');
    expect(row.name).toBe(`named_${process.pid}`);
  });

  describe('with DATABASE_URL set', () => {
    const saved = process.env.DATABASE_URL;
    afterAll(() => {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    });

    it('uses that server and drops the databases it created when stopped', async () => {
      process.env.DATABASE_URL = postgres.adminUrl;
      const fromEnv = await providePostgres();
      expect(fromEnv.provider).toBe('env');
      const url = await fromEnv.createDatabase();
      const name = new URL(url).pathname.slice(1);
      const exists = async () =>
        (await query(postgres.adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length === 1;
      expect(await exists()).toBe(true);

      await fromEnv.stop();
      await fromEnv.stop(); // idempotent
      expect(await exists()).toBe(false);
      // The server itself belongs to whoever set DATABASE_URL and keeps running.
      expect(await query(postgres.adminUrl, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
    });

    it('refuses to fall back silently when DATABASE_URL points nowhere', async () => {
      process.env.DATABASE_URL = 'postgres://nobody:secret-password@127.0.0.1:1/postgres';
      const failure = providePostgres();
      await expect(failure).rejects.toThrow(/DATABASE_URL is set but PostgreSQL there is not reachable \(127\.0\.0\.1:1\/postgres\)/);
      await expect(failure).rejects.not.toThrow(/secret-password/);
    });
  });
});
