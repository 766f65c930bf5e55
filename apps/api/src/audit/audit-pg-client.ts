import type { ClientBase, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Lends `work` a node-postgres client from the application's pool (cursors and row streaming need the client itself,
 * not TypeORM's query wrapper), and returns it to the pool afterwards.
 */
export async function withPgClient<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await work(client);
  } finally {
    await runner.release();
  }
}

/** Runs `work` in a transaction on this client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(client: ClientBase, work: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
