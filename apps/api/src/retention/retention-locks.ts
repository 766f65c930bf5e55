/**
 * Advisory lock keys of the retention feature (any fixed 64-bit numbers, distinct from the audit sealer's).
 *
 * - RETENTION_RUN_LOCK_ID: held for a whole run, at session level, by the one replica (or CLI) that runs; the others
 *   skip. A run that dies loses its connection, and with it the lock.
 * - LEGAL_HOLD_LOCK_ID: taken by each deleting batch and by placing a hold, for their transaction. A hold committed
 *   before a batch starts is seen by it; a batch under way finishes before a hold goes in (which then finds its
 *   conversation deleted, or not). Batches are short, so placing a hold waits at most one of them.
 */
export const RETENTION_RUN_LOCK_ID = 4_242_071_613;
export const LEGAL_HOLD_LOCK_ID = 4_242_071_614;
