/**
 * `node dist/apps/api/migrate.js` — applies pending migrations (used by `npm start`, `npm run migrate`
 * and the Helm pre-install/pre-upgrade Job). `--check` also fails when the entities and the migrated
 * schema differ, printing the SQL a new migration needs.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrations } from './database/run-migrations';
import { schemaDrift } from './database/schema-drift';
import { createLogger } from './logging/logger';

async function main() {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const env = z
    .object({
      DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
      DATABASE_SSL: z.enum(['true', 'false']).default('false'),
    })
    .safeParse(process.env);
  if (!env.success) {
    logger.fatal({ problems: env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'invalid configuration');
    return 1;
  }
  const dataSource = new DataSource(
    dataSourceOptions({ url: env.data.DATABASE_URL, poolSize: 2, ssl: env.data.DATABASE_SSL === 'true' }),
  );
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
    if (process.argv.includes('--check')) {
      const drift = await schemaDrift(dataSource);
      if (drift.length) {
        logger.error({ statements: drift.length }, 'the entities differ from the migrated schema: add a migration');
        process.stdout.write(`${drift.join(';\n')};\n`);
        return 1;
      }
      logger.info('no schema drift');
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    createLogger('error').fatal({ err: error }, 'migration failed');
    process.exit(1);
  },
);
