import { ApplicationFailure } from '@temporalio/common';

import { isTransientDatabaseError } from '../db/transient-error';
import { NotionApiError, NotionCredentialsError } from '../notion/errors';
import { LocalChangedError, RecordValueError } from './errors';

/**
 * How a record's failure is handled: `record` fails that record alone, `transient` retries it
 * (after `retryAfterMs` when Notion said so), `outage` stops the whole batch where it is until the
 * database is back (no record is to blame), `fatal` fails the whole batch.
 */
export type FailureKind =
  | { kind: 'record' }
  | { kind: 'transient'; retryAfterMs: number | undefined }
  | { kind: 'outage' }
  | { kind: 'fatal' };

/** Sorts an error a record's sync threw into one of the failure kinds. */
export function failureKindOf(error: unknown): FailureKind {
  if (error instanceof RecordValueError) {
    return { kind: 'record' };
  }
  if (error instanceof LocalChangedError) {
    return { kind: 'transient', retryAfterMs: undefined };
  }
  if (error instanceof NotionCredentialsError) {
    return { kind: 'fatal' };
  }
  if (error instanceof NotionApiError) {
    return error.isRetryable
      ? { kind: 'transient', retryAfterMs: error.retryAfterMs }
      : { kind: 'record' };
  }
  return isTransientDatabaseError(error) ? { kind: 'outage' } : { kind: 'fatal' };
}

/** The failure a batch throws so that Temporal retries it, after Notion's Retry-After if given. */
export function retryableFailure(
  error: unknown,
  retryAfterMs: number | undefined,
): ApplicationFailure {
  const cause = error instanceof Error ? error : new Error(String(error));
  return ApplicationFailure.create({
    type: cause.name,
    message: cause.message,
    nextRetryDelay: retryAfterMs,
    nonRetryable: false,
  });
}

/** Turns a fatal error into what the batch throws: credentials problems are not retried. */
export function fatalFailure(error: unknown): unknown {
  if (error instanceof NotionCredentialsError) {
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nonRetryable: true,
    });
  }
  return error;
}
