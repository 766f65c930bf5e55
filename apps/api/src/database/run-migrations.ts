import type { DataSource } from 'typeorm';

/** Any fixed 64-bit number; all replicas and migration Jobs take the same lock. */
const MIGRATION_LOCK_ID = 4_242_071_611;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so concurrent runs (several replicas,
 * a Helm hook Job and a rolling update) apply each migration exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
