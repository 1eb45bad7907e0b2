import type { RecordError, SyncCounts } from '../sync/run-types';
import type { PlanKind } from '../sync/plan-types';
import type { OpenedConflict } from './conflict-store';
import type { KeyRange, LocalCursor } from './local-table';
import type { RunContext } from './sync-env';

/** Settings every batch input shares. */
export interface BatchInputBase {
  run: RunContext;
  /** Records finished by an earlier, partial call of this same batch. */
  doneKeys: string[];
  /** Attempts a record gets before it is reported failed. */
  maxAttempts: number;
  /** Records in flight at once. Default 1 (inputs of runs started before it existed). */
  concurrency?: number;
}

/** One page of the remote scan: pages edited since `editedSince`, live or trashed. */
export interface RemoteBatchInput extends BatchInputBase {
  inTrash: boolean;
  editedSince: string | undefined;
  cursor: string | null;
  pageSize: number;
}

/** One keyset page of the local scan: rows changed in `[since, until]`. */
export interface LocalBatchInput extends BatchInputBase {
  since: string | undefined;
  until: string;
  cursor: LocalCursor | undefined;
  /** The last key of the batch's planned range, inclusive; none: read on to the window's end. */
  upTo?: LocalCursor;
  limit: number;
  /** Rows whose page failed in the remote scan of this run: pushing them could undo an edit. */
  excludeLocalIds: string[];
}

/** A push batch over one cut range: its rows up to `upTo` only. */
export interface LocalRangeInput extends LocalBatchInput {
  upTo: LocalCursor;
}

/** Which changed rows to cut into batches: the push window, after `cursor`. */
export interface LocalCutInput {
  run: RunContext;
  since: string | undefined;
  until: string;
  cursor: LocalCursor | undefined;
  /** Rows per batch. */
  limit: number;
  /** Batches to cut at most. */
  count: number;
}

/** The key ranges of the next push batches; `nextCursor` is null once the window is cut. */
export interface LocalCut {
  ranges: KeyRange[];
  nextCursor: LocalCursor | null;
}

/** What one batch call did. Counts cover this call only. */
export interface BatchOutput<Cursor> {
  /** Where the next batch starts; null when the scan is done. Unchanged for a partial result. */
  nextCursor: Cursor | null;
  /**
   * The call stopped early on a transient error: call again with `doneKeys` and the same cursor.
   */
  isPartial: boolean;
  /** A partial result without progress: Notion or the database could not be reached. */
  isStalled: boolean;
  /** Set by the trash scan when its answers also list the live pages changed: no live scan. */
  isLiveScanCovered?: boolean;
  doneKeys: string[];
  retryAfterMs?: number;
  processed: number;
  counts: SyncCounts;
  kinds: Partial<Record<PlanKind, number>>;
  plannedRequests: number;
  errors: RecordError[];
  conflicts: OpenedConflict[];
  /** Rows a dry run's remote scan planned writes for; the push scan leaves them out. */
  plannedLocalIds: string[];
  retryFrom: { local?: string; remote?: string };
}
