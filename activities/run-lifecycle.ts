import { appendEvent } from '../db/events';
import { floorToMinute } from '../sync/conflict-policy';
import type { RecordError, SyncCounts } from '../sync/run-types';
import {
  advanceWatermarks,
  databaseNow,
  finishRunRow,
  insertRunRow,
  readWatermarks,
  type Watermarks,
} from './run-store';
import type { RunContext, SyncEnv } from './sync-env';

/** Where a run reads from, fixed at its start. */
export interface RunWindow {
  /** The database clock at the start: the upper bound of the local scan, and its next watermark. */
  startedAt: string;
  /** Rows changed at or after this instant are read; undefined reads every row. */
  localSince: string | undefined;
  /** Pages edited at or after this minute are read; undefined reads every page. */
  remoteSince: string | undefined;
  /** The clock before the remote scan began: the next remote watermark. */
  remoteScanStartedAt: string;
}

/** What the run's last step records. */
export interface RunFinish {
  run: RunContext;
  status: 'completed' | 'failed' | 'cancelled';
  counts: SyncCounts;
  errors: RecordError[];
  /** The watermarks to store; undefined sides keep theirs. */
  watermarks: Watermarks;
}

/**
 * Opens a run: reads the watermarks, widens them by `overlapMs` (Notion floors its edit times to
 * the minute, and transactions commit out of order), writes the audit row and announces the run.
 */
export async function beginRun(
  env: Pick<SyncEnv, 'db'>,
  run: RunContext,
  overlapMs: number,
): Promise<RunWindow> {
  const startedAt = await databaseNow(env.db);
  const marks = await readWatermarks(env.db, run.mapping);
  await insertRunRow(env.db, runRecordOf(run), startedAt);
  await appendEvent(env.db, 'sync.started', { ...run });
  return {
    startedAt,
    localSince: marks.local === undefined ? undefined : shift(marks.local, -overlapMs),
    remoteSince:
      marks.remote === undefined
        ? undefined
        : new Date(floorToMinute(Date.parse(marks.remote) - overlapMs)).toISOString(),
    remoteScanStartedAt: new Date().toISOString(),
  };
}

/**
 * Closes a run: moves the watermarks (its last durable step), fills in the audit row, announces
 * it.
 */
export async function finishRun(env: Pick<SyncEnv, 'db'>, finish: RunFinish): Promise<void> {
  const { run } = finish;
  if (!run.isDryRun && finish.status === 'completed') {
    await advanceWatermarks(env.db, run.mapping, finish.watermarks);
  }
  await finishRunRow(env.db, run, {
    ...finish.counts,
    status: finish.status,
    errors: finish.errors,
  });
  const type = finish.status === 'completed' ? 'sync.completed' : 'sync.failed';
  await appendEvent(env.db, type, { ...run, ...finish.counts, status: finish.status });
}

function runRecordOf(run: RunContext) {
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    mapping: run.mapping,
    direction: run.direction,
    policy: run.policy,
    isDryRun: run.isDryRun,
  };
}

function shift(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
