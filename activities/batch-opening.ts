import type { Context } from '@temporalio/activity';

import { failureKindOf, fatalFailure, retryableFailure } from './failure-kind';

/** What a batch's opening reads gave: their value, or a stall to hand back to the workflow. */
export type Opening<T> =
  { isOpen: true; value: T } | { isOpen: false; retryAfterMs: number | undefined };

/**
 * Runs the reads a batch needs before it can sync anything (the page of changes, the links, the
 * lookups of pending creates). A transient failure there is no record's fault: Temporal retries
 * the attempt, and on the last attempt the batch stalls instead of failing, so the workflow waits
 * and calls the same batch again rather than failing the whole run.
 */
export async function openBatch<T>(
  context: Context,
  maxAttempts: number,
  read: () => Promise<T>,
): Promise<Opening<T>> {
  try {
    return { isOpen: true, value: await read() };
  } catch (error) {
    const failure = failureKindOf(error);
    if (failure.kind !== 'transient' && failure.kind !== 'outage') {
      throw fatalFailure(error);
    }
    const retryAfterMs = failure.kind === 'transient' ? failure.retryAfterMs : undefined;
    retryUnlessLastAttempt(context, maxAttempts, error, retryAfterMs);
    return { isOpen: false, retryAfterMs };
  }
}

/**
 * Throws the retryable failure that makes Temporal try the attempt again, unless this is the
 * last attempt: then it returns, and the caller stalls the batch instead of failing the run.
 */
export function retryUnlessLastAttempt(
  context: Context,
  maxAttempts: number,
  error: unknown,
  retryAfterMs: number | undefined,
): void {
  if (context.info.attempt < maxAttempts) {
    throw retryableFailure(error, retryAfterMs);
  }
}
