import { randomBytes } from 'node:crypto';

import type { Client } from '@temporalio/client';

import type { SyncRunOptions } from '../sync/run-types';
import { syncWorkflowId } from '../sync/workflow-ids';
import { syncWorkflowTypes } from '../workflows/definitions';
import { syncDirectionKey, syncMappingKey } from '../workflows/search-attributes';
import { loadSyncConfig, type SyncConfig } from './config';
import { loadTemporalConfig } from './temporal-config';

/** What `startSyncWorkflow` starts; fields left out come from the configuration. */
export interface StartSyncOptions extends SyncRunOptions {
  /** Default `sync-<mapping>-<direction>-<UTC time>-<random>`. */
  workflowId?: string;
  /** Default `TEMPORAL_TASK_QUEUE`. */
  taskQueue?: string;
}

/** The configuration `startSyncWorkflow` fills defaults from. */
export interface StartSyncSettings {
  taskQueue: string;
  sync: SyncConfig;
}

/** The started run, for the caller's 202 answer and its Web UI link. */
export interface StartedSync {
  workflowId: string;
  runId: string;
}

/**
 * Starts a sync run with a readable id, a static summary and the mapping and direction as
 * search attributes, so the Web UI lists and filters it well. Returns once Temporal has it.
 */
export async function startSyncWorkflow(
  client: Client,
  options: StartSyncOptions,
  settings: StartSyncSettings = settingsFromEnv(),
): Promise<StartedSync> {
  const { workflowId, taskQueue, ...requested } = options;
  const run = withDefaults(requested, settings.sync);
  const mapping = run.mapping ?? 'agents';
  const id = workflowId ?? syncWorkflowId(mapping, run.direction, uniqueSuffix());
  const handle = await client.workflow.start(syncWorkflowTypes[run.direction], {
    workflowId: id,
    taskQueue: taskQueue ?? settings.taskQueue,
    args: [run],
    typedSearchAttributes: [
      { key: syncMappingKey, value: mapping },
      { key: syncDirectionKey, value: run.direction },
    ],
    staticSummary: summaryOf(run, mapping),
    staticDetails: detailsOf(run),
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

function settingsFromEnv(): StartSyncSettings {
  return {
    taskQueue: loadTemporalConfig(process.env).taskQueue,
    sync: loadSyncConfig(process.env),
  };
}

/** The run options with the configured defaults filled in, as the schedule passes them too. */
export function withDefaults(run: SyncRunOptions, config: SyncConfig): SyncRunOptions {
  return {
    mapping: 'agents',
    conflictResolution: config.conflictResolution,
    tieBreaker: config.tieBreaker,
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    parallelBatches: config.parallelBatches,
    maxAttempts: config.maxRetries,
    retryDelayMs: config.retryDelayMs,
    dryRun: false,
    ...stripUndefined(run),
  };
}

function stripUndefined(run: SyncRunOptions): SyncRunOptions {
  return Object.fromEntries(
    Object.entries(run).filter(([, value]) => value !== undefined),
  ) as unknown as SyncRunOptions;
}

function uniqueSuffix(): string {
  const time = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${time}-${randomBytes(3).toString('hex')}`;
}

function summaryOf(run: SyncRunOptions, mapping: string): string {
  const dry = run.dryRun === true ? ' (dry run)' : '';
  const conflicts = run.conflictResolution ?? 'latest_wins';
  return `Sync ${mapping} ${run.direction}${dry}, conflicts ${conflicts}`;
}

function detailsOf(run: SyncRunOptions): string {
  return Object.entries(run)
    .map(([key, value]) => `- **${key}**: ${JSON.stringify(value)}`)
    .join('\n');
}
