import { DrizzleQueryError } from 'drizzle-orm/errors';

import { DatabaseError } from './errors';

/** What was sent when a statement failed, for errors that did not pass through Drizzle. */
export interface FailedStatement {
  readonly sql: string;
  readonly paramCount: number;
}

/**
 * Turns a failure of the driver or of Drizzle into a `DatabaseError` with the SQL text and the
 * driver's cause; Drizzle's own error is dropped because its message lists the parameter values.
 * Errors raised by the caller's code, and our own typed errors, come back unchanged.
 */
export function toDatabaseError(error: unknown, statement?: FailedStatement): unknown {
  if (error instanceof DrizzleQueryError) {
    const cause: unknown = error.cause ?? error;
    return new DatabaseError(`Query failed: ${messageOf(cause)}`, {
      sql: statement?.sql ?? error.query,
      paramCount: statement?.paramCount ?? error.params.length,
      cause,
    });
  }
  if (statement !== undefined && isDriverError(error)) {
    return new DatabaseError(`Query failed: ${messageOf(error)}`, { ...statement, cause: error });
  }
  return error;
}

function isDriverError(error: unknown): boolean {
  return (
    error instanceof Error &&
    ('severity' in error || 'code' in error || error.message.startsWith('Connection terminated'))
  );
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
