import { fileURLToPath } from 'node:url';

import {
  bundleWorkflowCode,
  DefaultLogger,
  Worker,
  type NativeConnection,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

import { createActivities, type SyncActivities } from '../activities/create-activities';
import type { MappingRegistry } from '../activities/mapping-registry';
import type { SyncNotion } from '../activities/sync-notion';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';

/** The module the worker bundles: every workflow of the service. */
export const syncWorkflowsPath = fileURLToPath(
  new URL('../workflows/workflows.ts', import.meta.url),
);

/** Options of `createSyncWorker`. */
export interface SyncWorkerOptions {
  connection: NativeConnection;
  /** Default `default`. */
  namespace?: string;
  taskQueue: string;
  db: Db;
  notion: SyncNotion;
  logger: Logger;
  /** Default: `agents` only. */
  mappingRegistry?: MappingRegistry;
  /** A bundle built ahead of time; default one built now from `syncWorkflowsPath`. */
  workflowBundle?: WorkflowBundleOption;
  /** Milliseconds a shutdown waits for batches in flight before cancelling them. Default 60 s. */
  shutdownGraceMs?: number;
  /** Batch activities one worker runs at once. Default 10. */
  maxConcurrentActivities?: number;
  /**
   * Milliseconds a workflow task waits on this worker's sticky queue before any worker may take
   * it; what a crashed worker costs its runs. Default the SDK's 10 s.
   */
  stickyQueueTimeoutMs?: number;
}

/** Bundles the workflows once (a few seconds); pass the result to every worker of the process. */
export function bundleSyncWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: syncWorkflowsPath,
    logger: new DefaultLogger('WARN'),
  });
}

/**
 * Creates the sync worker: the workflows from a prebuilt bundle and the activities over the
 * given database and Notion data source. Run it with `worker.run()`; `worker.shutdown()` lets
 * the batches in flight finish within the grace time.
 */
export async function createSyncWorker(options: SyncWorkerOptions): Promise<Worker> {
  const activities: SyncActivities = createActivities({
    db: options.db,
    notion: options.notion,
    logger: options.logger,
    mappingRegistry: options.mappingRegistry,
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleSyncWorkflows()),
    activities,
    shutdownGraceTime: options.shutdownGraceMs ?? 60_000,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 10,
    // An explicit undefined would replace the SDK's default instead of keeping it.
    ...(options.stickyQueueTimeoutMs === undefined
      ? {}
      : { stickyQueueScheduleToStartTimeout: options.stickyQueueTimeoutMs }),
  });
}
