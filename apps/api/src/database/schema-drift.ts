import type { DataSource } from 'typeorm';

/**
 * SQL that would bring the database in line with the entities. Empty when the migrations and the
 * entities agree: CI checks this after running every migration on an empty database.
 */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}
