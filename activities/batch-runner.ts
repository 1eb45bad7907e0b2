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

/** How a batch call ended: complete, or stopped early by a transient error after progress. */
export interface BatchRunResult {
  progress: BatchProgress;
  isPartial: boolean;
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
  } finally {
    clearInterval(ticker);
  }
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
    this.progress = work.start;
    this.baseRequests = work.start.counts.requests;
    this.checkpoint = structuredClone(this.progress);
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
