import { z } from 'zod';

import { intVar, parseEnv, type Env } from '../core/env';

/** Sync settings, validated once at start-up. */
export interface SyncConfig {
  /** Records per batch activity (`SYNC_BATCH_SIZE`). Default 50, at most 100. */
  batchSize: number;
  /**
   * Records of a batch in flight at once (`SYNC_CONCURRENCY`). Default 2, at most 16. The rate
   * limiter still paces every call; concurrency only hides Notion's latency behind it.
   */
  concurrency: number;
  /**
   * Push batches of one run in flight at once (`SYNC_PARALLEL_BATCHES`), on whichever workers
   * poll the task queue. Default 8, at most 16: with 2 records each, 16 calls in flight, and
   * half the rounds of activity dispatch a run would wait for with 4 batches of 4.
   */
  parallelBatches: number;
  /** Attempts per batch before a record counts as failed (`SYNC_MAX_RETRIES`). Default 3. */
  maxRetries: number;
  /** First retry back-off in ms (`SYNC_RETRY_DELAY`, seconds or `500ms`/`5s`/`1m`). Default 5 s. */
  retryDelayMs: number;
  /** `latest_wins` or `manual` (`SYNC_CONFLICT_RESOLUTION`). Default `latest_wins`. */
  conflictResolution: 'latest_wins' | 'manual';
  /** Who wins a same-minute `latest_wins` tie (`SYNC_TIE_BREAKER`). Default `remote`. */
  tieBreaker: 'local' | 'remote';
  /**
   * Time between scheduled runs in ms (`SYNC_INTERVAL`, like `SYNC_RETRY_DELAY`). Default 5 min.
   */
  intervalMs: number;
  /** The schedule's id (`SYNC_SCHEDULE_ID`). Default `sync-agents`. */
  scheduleId: string;
  /**
   * Whether the worker creates the schedule at start-up (`SYNC_SCHEDULE_ENABLED`). Default true.
   */
  isScheduleEnabled: boolean;
}

const units: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds from `300`, `300s`, `500ms`, `5m` or `1h`; a bare number is seconds.
 */
function durationVar(defaultMs: number) {
  return z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h)?$/, 'must be a duration such as 300, 5s, 500ms or 5m')
    .transform((text) => {
      const unit = /(ms|s|m|h)$/.exec(text)?.[1] ?? 's';
      return Math.round(Number.parseFloat(text) * (units[unit] ?? 1_000));
    })
    .refine((ms) => ms > 0, 'must be more than zero')
    .default(defaultMs);
}

const schema = z.object({
  SYNC_BATCH_SIZE: intVar(50).refine((size) => size <= 100, 'must be at most 100'),
  SYNC_CONCURRENCY: intVar(2).refine((count) => count >= 1 && count <= 16, 'must be 1 to 16'),
  SYNC_PARALLEL_BATCHES: intVar(8).refine((count) => count >= 1 && count <= 16, 'must be 1 to 16'),
  SYNC_MAX_RETRIES: intVar(3),
  SYNC_RETRY_DELAY: durationVar(5_000),
  SYNC_CONFLICT_RESOLUTION: z.enum(['latest_wins', 'manual']).default('latest_wins'),
  SYNC_TIE_BREAKER: z.enum(['local', 'remote']).default('remote'),
  SYNC_INTERVAL: durationVar(300_000),
  SYNC_SCHEDULE_ID: z.string().default('sync-agents'),
  SYNC_SCHEDULE_ENABLED: z.enum(['true', 'false']).default('true'),
});

/** Reads the `SYNC_*` variables; throws `ConfigError` naming each bad one. */
export function loadSyncConfig(env: Env): SyncConfig {
  const vars = parseEnv(schema, env);
  return {
    batchSize: vars.SYNC_BATCH_SIZE,
    concurrency: vars.SYNC_CONCURRENCY,
    parallelBatches: vars.SYNC_PARALLEL_BATCHES,
    maxRetries: vars.SYNC_MAX_RETRIES,
    retryDelayMs: vars.SYNC_RETRY_DELAY,
    conflictResolution: vars.SYNC_CONFLICT_RESOLUTION,
    tieBreaker: vars.SYNC_TIE_BREAKER,
    intervalMs: vars.SYNC_INTERVAL,
    scheduleId: vars.SYNC_SCHEDULE_ID,
    isScheduleEnabled: vars.SYNC_SCHEDULE_ENABLED === 'true',
  };
}
