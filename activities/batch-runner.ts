import { CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';

import type { RecordError } from '../sync/run-types';
import { addFailure, addOutcome, type BatchProgress } from './batch-progress';
import type { RequestTally } from './counting-notion';
import { failureKindOf, fatalFailure, retryableFailure } from './failure-kind';
import type { RecordOutcome } from './record-sync';
import { idsOf, type SyncItem } from './sync-item';

/** Records between checkpoints: a crash redoes at most this many, at little or no cost. */
const checkpointEvery = 10;

/** What a batch works through and with. */
export interface BatchWork {
  items: readonly SyncItem[];
  /** Where this call starts: the heartbeat of a failed attempt, or the input's done keys. */
  start: BatchProgress;
  maxAttempts: number;
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
 * Syncs the items in order. Every few records it flushes their bookkeeping and heartbeats that
 * checkpoint, so a retried attempt resumes from durable progress only. A transient failure after
 * some progress returns a partial result, so the workflow starts a fresh call at the same place;
 * without progress it throws and Temporal retries; on the last attempt the record that keeps
 * failing is reported failed and the batch goes on.
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
  if (context.info.attempt < work.maxAttempts) {
    throw retryableFailure(error, undefined);
  }
  return { progress, isPartial: true, isStalled: true };
}

class CheckpointedRun {
  readonly progress: BatchProgress;
  private checkpoint: BatchProgress;
  private readonly baseRequests: number;
  private sinceCheckpoint = 0;

  constructor(
    private readonly context: Context,
    private readonly work: BatchWork,
  ) {
    this.progress = structuredClone(work.start);
    this.baseRequests = work.start.counts.requests;
    this.checkpoint = structuredClone(this.progress);
  }

  /** The last checkpoint, with every request sent so far counted. */
  durableProgress(): BatchProgress {
    const requests = this.baseRequests + this.work.tally.requests;
    return { ...this.checkpoint, counts: { ...this.checkpoint.counts, requests } };
  }

  beat(): void {
    this.context.heartbeat(this.checkpoint);
  }

  async recordDone(): Promise<void> {
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint >= checkpointEvery) {
      await this.save();
    }
  }

  async save(): Promise<BatchProgress> {
    await this.work.flush();
    this.progress.counts.requests = this.baseRequests + this.work.tally.requests;
    this.checkpoint = structuredClone(this.progress);
    this.sinceCheckpoint = 0;
    this.beat();
    return this.progress;
  }
}

async function syncItems(
  context: Context,
  work: BatchWork,
  run: CheckpointedRun,
): Promise<BatchRunResult> {
  const done = new Set(run.progress.doneKeys);
  let hasProgressed = false;
  for (const item of work.items) {
    if (done.has(item.key)) {
      continue;
    }
    if (context.cancellationSignal.aborted) {
      await run.save();
      throw new CancelledFailure('The sync batch was cancelled');
    }
    const stop = await syncOne(context, work, item, run, hasProgressed);
    if (stop !== undefined) {
      return { progress: await run.save(), isPartial: true, retryAfterMs: stop.retryAfterMs };
    }
    hasProgressed = true;
    await run.recordDone();
  }
  return { progress: await run.save(), isPartial: false };
}

async function syncOne(
  context: Context,
  work: BatchWork,
  item: SyncItem,
  run: CheckpointedRun,
  hasProgressed: boolean,
): Promise<{ retryAfterMs: number | undefined } | undefined> {
  try {
    addOutcome(run.progress, item.key, await work.sync(item));
    return undefined;
  } catch (error) {
    const failure = failureKindOf(error);
    if (failure.kind === 'outage') {
      throw error;
    }
    if (failure.kind === 'fatal') {
      await run.save();
      throw fatalFailure(error);
    }
    if (failure.kind === 'transient' && hasProgressed) {
      return { retryAfterMs: failure.retryAfterMs };
    }
    if (failure.kind === 'transient' && context.info.attempt < work.maxAttempts) {
      await run.save();
      throw retryableFailure(error, failure.retryAfterMs);
    }
    addFailure(run.progress, item.key, recordErrorOf(item, error, failure.kind === 'transient'));
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
