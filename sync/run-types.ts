import type { ConflictPolicy, RecordValues, Side, SyncDirection } from './mapping';
import type { PlanKind } from './plan-types';

/** How a sync run is asked for; every field but `direction` has a default. */
export interface SyncRunOptions {
  direction: SyncDirection;
  /** The mapping to sync. Default `agents`. */
  mapping?: string;
  /** Default `SYNC_CONFLICT_RESOLUTION`, else `latest_wins`. */
  conflictResolution?: ConflictPolicy;
  /** Who wins a same-minute `latest_wins` tie. Default `remote`. */
  tieBreaker?: Side;
  /** Plan and count, but write nothing and move no watermark. Default false. */
  dryRun?: boolean;
  /** Records per activity. Default `SYNC_BATCH_SIZE` (50). */
  batchSize?: number;
  /** Records of a batch in flight at once. Default `SYNC_CONCURRENCY` (4). */
  concurrency?: number;
  /** Push batches in flight at once, on any workers. Default `SYNC_PARALLEL_BATCHES` (4). */
  parallelBatches?: number;
  /** Attempts per activity before its record counts as failed. Default `SYNC_MAX_RETRIES` (3). */
  maxAttempts?: number;
  /** First retry back-off in milliseconds. Default `SYNC_RETRY_DELAY` (5000). */
  retryDelayMs?: number;
  /** Milliseconds without a heartbeat before a batch counts as lost. Default 30000. */
  heartbeatTimeoutMs?: number;
  /** History length at which the run continues as new. Default 2000 events. */
  maxHistoryEvents?: number;
}

/** What a run has done so far, or did in total. */
export interface SyncCounts {
  success: number;
  failed: number;
  skipped: number;
  conflicts: number;
  /** Notion requests sent, reads included. */
  requests: number;
}

/**
 * Why one record failed. `isRetryable` failures hold the watermark back so the next run
 * retries them.
 */
export interface RecordError {
  localId?: string;
  pageId?: string;
  message: string;
  isRetryable?: boolean;
  /** The record's change time on the side it was read from, ISO. */
  changedAt?: string;
  side?: 'local' | 'remote';
}

/** The outcome of a run, as the workflow returns it. */
export interface SyncResult extends SyncCounts {
  errors: RecordError[];
  isDryRun: boolean;
  /** Records per plan kind. */
  kinds: Partial<Record<PlanKind, number>>;
  /** The Notion writes the plans called for; for a dry run, what a real run would send. */
  plannedRequests: number;
}

/** Where a run is. */
export type SyncPhase = 'starting' | 'pull' | 'pull_trash' | 'push' | 'finishing' | 'done';

/** The answer of the `progress` query. */
export interface SyncProgress extends SyncCounts {
  phase: SyncPhase;
  direction: SyncDirection;
  isDryRun: boolean;
  /** Batches finished, across continue-as-new. */
  batches: number;
  /** Records looked at. */
  processed: number;
  plannedRequests: number;
  /** The batch in flight, if any. */
  currentBatch: { phase: SyncPhase; number: number; cursor: string | null } | undefined;
  startedAt: string | undefined;
  /** Runs this sync has continued as new so far. */
  continuations: number;
}

/** How a person settles a conflict: keep one side, or give merged values for every field. */
export interface ConflictResolution {
  choice: 'local' | 'remote' | 'merged';
  /** Required for `merged`: a value for each conflicting field, keyed by column. */
  values?: RecordValues;
  /** Who resolved it, as the API knows them. */
  resolvedBy?: string;
}

/** The answer of a `resolve` Update. */
export interface ConflictOutcome {
  conflictId: string;
  status: 'resolved';
  /** The values both sides hold afterwards. */
  values: RecordValues;
}
