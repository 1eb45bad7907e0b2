import type { PlanKind } from '../sync/plan-types';
import type { RecordError, SyncCounts } from '../sync/run-types';
import type { OpenedConflict } from './conflict-store';
import type { RecordOutcome } from './record-sync';

/** What one batch call has done so far; heartbeated so a retried attempt resumes from it. */
export interface BatchProgress {
  /** Keys of the records finished, including those the input said were done. */
  doneKeys: string[];
  counts: SyncCounts;
  kinds: Partial<Record<PlanKind, number>>;
  plannedRequests: number;
  errors: RecordError[];
  conflicts: OpenedConflict[];
  /** Rows a dry run's remote scan planned writes for. */
  plannedLocalIds: string[];
  /** Earliest change time of a record that failed but may succeed later, per side. */
  retryFrom: { local?: string; remote?: string };
}

const succeeded = new Set<PlanKind>([
  'create',
  'update',
  'pull',
  'merge',
  'insert',
  'trash',
  'delete_local',
  'restore',
  'link',
]);

/** A fresh progress whose records in `doneKeys` are skipped. */
export function emptyProgress(doneKeys: readonly string[] = []): BatchProgress {
  return {
    doneKeys: [...doneKeys],
    counts: { success: 0, failed: 0, skipped: 0, conflicts: 0, requests: 0 },
    kinds: {},
    plannedRequests: 0,
    errors: [],
    conflicts: [],
    plannedLocalIds: [],
    retryFrom: {},
  };
}

/** Adds a record's outcome to `progress`. */
export function addOutcome(progress: BatchProgress, key: string, outcome: RecordOutcome): void {
  progress.doneKeys.push(key);
  progress.kinds[outcome.kind] = (progress.kinds[outcome.kind] ?? 0) + 1;
  progress.plannedRequests += outcome.cost;
  progress.counts.conflicts += outcome.hasConflict ? 1 : 0;
  if (succeeded.has(outcome.kind)) {
    progress.counts.success += 1;
  } else if (outcome.kind === 'skip') {
    progress.counts.skipped += 1;
  }
  if (outcome.conflict !== undefined) {
    progress.conflicts.push(outcome.conflict);
  }
  if (outcome.plannedLocalId !== undefined) {
    progress.plannedLocalIds.push(outcome.plannedLocalId);
  }
}

/** Adds a failed record to `progress`; retryable failures hold that side's watermark back. */
export function addFailure(progress: BatchProgress, key: string, error: RecordError): void {
  progress.doneKeys.push(key);
  progress.counts.failed += 1;
  progress.errors.push(error);
  if (error.isRetryable === true && error.side !== undefined && error.changedAt !== undefined) {
    const current = progress.retryFrom[error.side];
    if (current === undefined || Date.parse(error.changedAt) < Date.parse(current)) {
      progress.retryFrom[error.side] = error.changedAt;
    }
  }
}
