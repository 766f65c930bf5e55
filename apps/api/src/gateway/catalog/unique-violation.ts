import { QueryFailedError } from 'typeorm';

/** True when PostgreSQL refused a row because its key is taken (two administrators adding the same id at once). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
