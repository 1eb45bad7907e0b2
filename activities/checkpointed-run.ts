import type { Context } from '@temporalio/activity';

import type { BatchProgress } from './batch-progress';
import type { RequestTally } from './counting-notion';

/**
 * When a checkpoint is due: after `records` finished records and `ms` milliseconds since the
 * last one, whichever comes later. A crash redoes at most that much work, at little or no cost;
 * when Notion answers fast, the time keeps a batch's bookkeeping to a write or two.
 */
export const checkpointCadence = { records: 10, ms: 1_000 } as const;

/** Counts finished records and says when a checkpoint is due; `now` is in milliseconds. */
export class CheckpointClock {
  private records = 0;
  private lastAt: number;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly cadence: { records: number; ms: number } = checkpointCadence,
  ) {
    this.lastAt = now();
  }

  /** Counts a finished record; true when a checkpoint is due, which restarts both counts. */
  recordDone(): boolean {
    this.records += 1;
    const at = this.now();
    if (this.records < this.cadence.records || at - this.lastAt < this.cadence.ms) {
      return false;
    }
    this.records = 0;
    this.lastAt = at;
    return true;
  }
}

/** What a checkpoint needs from the batch. */
export interface CheckpointSource {
  start: BatchProgress;
  tally: RequestTally;
  /** Makes the finished records' bookkeeping durable; runs before every checkpoint. */
  flush: () => Promise<void>;
}

/**
 * The progress of one batch call and its last durable checkpoint. A checkpoint is a snapshot
 * of the progress taken together with the flush of the records' bookkeeping, so it names only
 * records whose links are stored; it is what the heartbeat carries to a retried attempt.
 * Checkpoints are taken one at a time, whatever number of records are in flight.
 */
export class CheckpointedRun {
  readonly progress: BatchProgress;
  private checkpoint: BatchProgress;
  private readonly baseRequests: number;
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: Context,
    private readonly source: CheckpointSource,
    private readonly clock = new CheckpointClock(),
  ) {
    this.progress = structuredClone(source.start);
    this.baseRequests = source.start.counts.requests;
    this.checkpoint = structuredClone(this.progress);
  }

  /** The last checkpoint, with every request sent so far counted. */
  durableProgress(): BatchProgress {
    return { ...this.checkpoint, counts: { ...this.checkpoint.counts, requests: this.requests() } };
  }

  beat(): void {
    this.context.heartbeat(this.checkpoint);
  }

  /** Counts a finished record; takes a checkpoint when one is due (`checkpointCadence`). */
  async recordDone(): Promise<void> {
    if (this.clock.recordDone()) {
      await this.save();
    }
  }

  /** Flushes the bookkeeping and makes the progress so far the checkpoint; returns the progress. */
  save(): Promise<BatchProgress> {
    const saved = this.saving.then(() => this.takeCheckpoint());
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  private async takeCheckpoint(): Promise<BatchProgress> {
    this.progress.counts.requests = this.requests();
    // Snapshot and flush start in the same tick, so the flush covers every record named here.
    const snapshot = structuredClone(this.progress);
    await this.source.flush();
    this.checkpoint = snapshot;
    this.beat();
    return this.progress;
  }

  private requests(): number {
    return this.baseRequests + this.source.tally.requests;
  }
}
