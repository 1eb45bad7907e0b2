import { errorCodeOf } from './errors';

/**
 * SQLSTATE classes and codes that say the server, not the statement, is at fault: the
 * connection broke (class 08), the server is shutting down or starting (57P01-57P03), it has no
 * room for another connection (53300), or the transaction lost a race (40001, 40P01).
 */
const transientCodes = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** Socket-level failures of the driver on the way to the server. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * Tells whether a database failure may pass by itself, as during a server restart or failover,
 * so that retrying the same work later can succeed. Walks the `cause` chain, because Drizzle
 * and `DatabaseError` wrap the driver's error.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isTransientCode(errorCodeOf(current))) {
      return true;
    }
    if (/^Connection terminated|^timeout exceeded when trying to connect/.test(current.message)) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

function isTransientCode(code: string | undefined): boolean {
  return (
    code !== undefined &&
    (code.startsWith('08') || transientCodes.has(code) || socketCodes.has(code))
  );
}
