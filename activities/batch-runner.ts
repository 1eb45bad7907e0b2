import { CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';

import type { RecordError } from '../sync/run-types';
import { retryUnlessLastAttempt } from './batch-opening';
import { addFailure, addOutcome, type BatchProgress } from './batch-progress';
import { CheckpointedRun } from './checkpointed-run';
import type { RequestTally } from './counting-notion';
import { failureKindOf, fatalFailure, retryableFailure } from './failure-kind';
import type { RecordOutcome } from './record-sync';
import { idsOf, type SyncItem } from './sync-item';

/** What a batch works through and with. */
export interface BatchWork {
  items: readonly SyncItem[];
  /** Where this call starts: the heartbeat of a failed attempt, or the input's done keys. */
  start: BatchProgress;
  maxAttempts: number;
  /** Records in flight at once. */
  concurrency: number;
  tally: RequestTally;
  sync: (item: SyncItem) => Promise<RecordOutcome>;
  /** Makes the finished records' bookkeeping durable; runs before every checkpoint. */
  flush: () => Promise<void>;
}

/**
 * How a batch call ended: complete; stopped early by a transient error after progress; or
 * stalled, when its last attempt could make no progress at all (Notion or the database away).
 */
export interface BatchRunResult {
  progress: BatchProgress;
  isPartial: boolean;
  isStalled?: boolean;
  retryAfterMs?: number;
}

/**
 * Syncs the items, a few at a time. Every few records it flushes their bookkeeping and
 * heartbeats that checkpoint, so a retried attempt resumes from durable progress only. A
 * transient failure after some progress returns a partial result, so the workflow starts a fresh
 * call at the same place; without progress it throws and Temporal retries; on the last attempt
 * the record that keeps failing is reported failed and the batch goes on.
 */
export async function runBatch(work: BatchWork): Promise<BatchRunResult> {
  const context = Context.current();
  const run = new CheckpointedRun(context, work);
  const ticker = setInterval(() => run.beat(), tickMs(context));
  try {
    return await syncItems(context, work, run);
  } catch (error) {
    if (failureKindOf(error).kind !== 'outage') {
      throw error;
    }
    return stopForOutage(context, work, run, error);
  } finally {
    clearInterval(ticker);
  }
}

/**
 * The database went away mid-batch. Work up to the last checkpoint is durable: hand it back as a
 * partial result, or let Temporal retry the attempt, or on the last attempt stall the batch so
 * the workflow tries it again later. Records after the checkpoint are redone, at no cost for
 * those already in step and with a lookup, never a duplicate, for pending creates.
 */
function stopForOutage(
  context: Context,
  work: BatchWork,
  run: CheckpointedRun,
  error: unknown,
): BatchRunResult {
  const progress = run.durableProgress();
  if (progress.doneKeys.length > work.start.doneKeys.length) {
    return { progress, isPartial: true };
  }
  retryUnlessLastAttempt(context, work.maxAttempts, error, undefined);
  return { progress, isPartial: true, isStalled: true };
}

/** Why the records of a batch stopped before the last one. */
type Stop =
  | { kind: 'partial'; retryAfterMs: number | undefined }
  | { kind: 'retry'; error: unknown; retryAfterMs: number | undefined }
  | { kind: 'throw'; error: unknown };

/** Where the lanes of one batch call are: the next record to take, how many finished. */
interface LaneState {
  readonly queue: readonly SyncItem[];
  next: number;
  completed: number;
  stop: Stop | undefined;
}

/**
 * Syncs the records not yet done, `concurrency` at a time (every Notion call still waits for
 * the shared limiter). The first failure that stops the batch lets the records in flight finish
 * and starts no new one; then the batch ends as complete, partial, or thrown.
 */
async function syncItems(
  context: Context,
  work: BatchWork,
  run: CheckpointedRun,
): Promise<BatchRunResult> {
  const done = new Set(run.progress.doneKeys);
  const queue = work.items.filter((item) => !done.has(item.key));
  const state: LaneState = { queue, next: 0, completed: 0, stop: undefined };
  const lanes = Math.max(1, Math.min(work.concurrency, queue.length));
  await Promise.all(Array.from({ length: lanes }, () => runLane(context, work, run, state)));
  return finish(run, state);
}

async function runLane(
  context: Context,
  work: BatchWork,
  run: CheckpointedRun,
  state: LaneState,
): Promise<void> {
  for (let item = state.queue[state.next]; item !== undefined; item = state.queue[state.next]) {
    if (state.stop !== undefined) {
      return;
    }
    if (context.cancellationSignal.aborted) {
      state.stop = { kind: 'throw', error: new CancelledFailure('The sync batch was cancelled') };
      return;
    }
    state.next += 1;
    const stop = await syncOne(context, work, item, run, state.completed > 0);
    if (stop !== undefined) {
      state.stop ??= stop;
      return;
    }
    state.completed += 1;
    try {
      await run.recordDone();
    } catch (error) {
      state.stop ??= { kind: 'throw', error };
      return;
    }
  }
}

async function finish(run: CheckpointedRun, state: LaneState): Promise<BatchRunResult> {
  const { stop } = state;
  if (stop === undefined) {
    return { progress: await run.save(), isPartial: false };
  }
  if (stop.kind === 'throw') {
    if (failureKindOf(stop.error).kind === 'outage') {
      throw stop.error;
    }
    await run.save();
    throw fatalFailure(stop.error);
  }
  // A retry that other lanes overtook with progress becomes a partial result: nothing is lost.
  if (stop.kind === 'retry' && state.completed === 0) {
    await run.save();
    throw retryableFailure(stop.error, stop.retryAfterMs);
  }
  return { progress: await run.save(), isPartial: true, retryAfterMs: stop.retryAfterMs };
}

/** Syncs one record; a failure either fails that record alone or says how the batch stops. */
async function syncOne(
  context: Context,
  work: BatchWork,
  item: SyncItem,
  run: CheckpointedRun,
  hasProgressed: boolean,
): Promise<Stop | undefined> {
  try {
    addOutcome(run.progress, item.key, await work.sync(item));
    return undefined;
  } catch (error) {
    const failure = failureKindOf(error);
    if (failure.kind === 'outage' || failure.kind === 'fatal') {
      return { kind: 'throw', error };
    }
    if (failure.kind === 'record') {
      addFailure(run.progress, item.key, recordErrorOf(item, error, false));
      return undefined;
    }
    if (hasProgressed) {
      return { kind: 'partial', retryAfterMs: failure.retryAfterMs };
    }
    if (context.info.attempt < work.maxAttempts) {
      return { kind: 'retry', error, retryAfterMs: failure.retryAfterMs };
    }
    addFailure(run.progress, item.key, recordErrorOf(item, error, true));
    return undefined;
  }
}

function recordErrorOf(item: SyncItem, error: unknown, isRetryable: boolean): RecordError {
  const changedAt = item.source === 'local' ? item.row?.changedAt : item.page?.last_edited_time;
  return {
    ...idsOf(item),
    message: error instanceof Error ? error.message : String(error),
    isRetryable,
    changedAt,
    side: item.source,
  };
}

function tickMs(context: Context): number {
  return Math.max(200, Math.floor((context.info.heartbeatTimeoutMs ?? 30_000) / 3));
}
