import type { ActivityOptions } from '@temporalio/workflow';

import type { ConflictPolicy, Side, SyncDirection } from '../sync/mapping';
import type { SyncRunOptions } from '../sync/run-types';

/** Run options with every default filled in. */
export interface ResolvedSyncOptions {
  direction: SyncDirection;
  mapping: string;
  policy: ConflictPolicy;
  tieBreaker: Side;
  isDryRun: boolean;
  batchSize: number;
  concurrency: number;
  parallelBatches: number;
  maxAttempts: number;
  retryDelayMs: number;
  heartbeatTimeoutMs: number;
  maxHistoryEvents: number;
}

/** Milliseconds read again before each watermark: Notion's minute floor plus commit lag. */
export const overlapMs = 2 * 60_000;

/** Notion returns at most 100 pages per query; fewer would only cost more requests. */
export const remotePageSize = 100;

/** Failure types no retry can fix. */
export const nonRetryableErrorTypes = [
  'RecordValueError',
  'ConflictResolutionError',
  'UnknownMappingError',
  'NotionCredentialsError',
];

/**
 * Fills in the options a run's input leaves out. The starter always passes the configured ones
 * (`worker/config.ts`); these fallbacks stay what they were when each option came in, because a
 * replay of a run started without one computes its fallback again.
 */
export function resolveSyncOptions(options: SyncRunOptions): ResolvedSyncOptions {
  return {
    direction: options.direction,
    mapping: options.mapping ?? 'agents',
    policy: options.conflictResolution ?? 'latest_wins',
    tieBreaker: options.tieBreaker ?? 'remote',
    isDryRun: options.dryRun ?? false,
    batchSize: options.batchSize ?? 50,
    concurrency: options.concurrency ?? 4,
    parallelBatches: options.parallelBatches ?? 4,
    maxAttempts: options.maxAttempts ?? 3,
    retryDelayMs: options.retryDelayMs ?? 5_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 30_000,
    maxHistoryEvents: options.maxHistoryEvents ?? 2_000,
  };
}

/** Options of the batch activities: bounded retries, heartbeats, validation never retried. */
export function batchActivityOptions(options: ResolvedSyncOptions): ActivityOptions {
  return {
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: options.heartbeatTimeoutMs,
    retry: {
      maximumAttempts: options.maxAttempts,
      initialInterval: options.retryDelayMs,
      backoffCoefficient: 2,
      nonRetryableErrorTypes,
    },
  };
}

/**
 * Options of the activities that open and close a run. They are idempotent and the close moves
 * the watermarks, so they retry until the database is back rather than fail a finished run; the
 * back-off stops growing at 12 times `retryDelayMs` (one minute at the 5 s default).
 */
export function lifecycleActivityOptions(options: ResolvedSyncOptions): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: options.retryDelayMs,
      maximumInterval: Math.min(60_000, 12 * options.retryDelayMs),
      backoffCoefficient: 2,
      nonRetryableErrorTypes,
    },
  };
}
