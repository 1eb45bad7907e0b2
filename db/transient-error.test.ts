import { describe, expect, it } from 'vitest';

import { DatabaseError } from './errors';
import { isTransientDatabaseError } from './transient-error';

function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('isTransientDatabaseError', () => {
  it('recognises a server shutting down, a broken socket and a refused connection', () => {
    expect(isTransientDatabaseError(driverError('terminating connection', '57P01'))).toBe(true);
    expect(isTransientDatabaseError(driverError('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(driverError('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(
      true,
    );
    expect(isTransientDatabaseError(driverError('connection failure', '08006'))).toBe(true);
  });

  it('looks through the DatabaseError that wraps the driver error', () => {
    const wrapped = new DatabaseError('Query failed', {
      sql: 'SELECT 1',
      paramCount: 0,
      cause: driverError('the database system is starting up', '57P03'),
    });
    expect(isTransientDatabaseError(wrapped)).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isTransientDatabaseError(driverError('duplicate key', '23505'))).toBe(false);
    expect(isTransientDatabaseError(driverError('password authentication failed', '28P01'))).toBe(
      false,
    );
    expect(isTransientDatabaseError(new Error('something else'))).toBe(false);
    expect(isTransientDatabaseError('not an error')).toBe(false);
  });
});
