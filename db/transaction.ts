import type { PgTransactionConfig } from 'drizzle-orm/pg-core';

import type { Db } from './client';
import { toDatabaseError } from './to-database-error';

/** Isolation level, access mode and deferrability of an outermost transaction. */
export type TransactionOptions = PgTransactionConfig;

/**
 * Runs `fn` in a transaction that commits when `fn` resolves and rolls back when it throws.
 * Called with a transaction handle, it opens a savepoint instead: a failure inside rolls back
 * only the inner work, and the outer transaction goes on if the caller catches the error.
 *
 * `options` apply to the outermost transaction only. Inside `fn` use `tx`, never the outer
 * handle: on PGlite the outer handle waits for the transaction to end. An error thrown by `fn`
 * comes back unchanged after the rollback; a failed statement becomes a `DatabaseError`.
 */
export async function transaction<T>(
  db: Db,
  fn: (tx: Db) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  try {
    return await db.transaction((tx) => fn(tx), options);
  } catch (error) {
    throw toDatabaseError(error);
  }
}
