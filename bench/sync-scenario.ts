import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { NativeConnection, type Worker } from '@temporalio/worker';

import { createSyncNotion } from '../activities/notion-sync-adapter';
import type { RateLimitSetting } from '../dev/notion-emulator/rate-limit';
import { createNotionIntegration } from '../notion/client';
import type { NotionIntegration } from '../notion/notion-integration';
import { createRateLimiter } from '../notion/rate-limiter';
import type { SyncDirection } from '../sync/mapping';
import type { SyncResult } from '../sync/run-types';
import type { TestDatabase } from '../test/test-db';
import { loadSyncConfig } from '../worker/config';
import { createSyncWorker } from '../worker/create-sync-worker';
import { startSyncWorkflow } from '../worker/start-sync';
import { benchDataSource, countRequests } from './sync-notion-setup';
import { emptyDatabase, type SyncStack } from './sync-stack';

/** Options of `openScenario`. */
export interface ScenarioOptions {
  /** Requests/s for the workers' limiter; default none in effect (100,000/s). */
  ratePerSecond?: number;
  /** The emulator's limit while the scenario runs; default off. */
  emulatorLimit?: RateLimitSetting | false;
}

/** One sync run as the benchmarks see it. */
export interface MeasuredRun {
  result: SyncResult;
  wallMs: number;
  /** Requests the emulator received during the run, every route and status. */
  requests: number;
  routes: Record<string, number>;
  rateLimited: number;
}

/** A fresh database and Notion data source with the workers that sync them. */
export interface SyncScenario {
  database: TestDatabase;
  dataSourceId: string;
  token: string;
  integration: NotionIntegration;
  taskQueue: string;
  startWorkers(count: number): Promise<void>;
  stopWorkers(): Promise<void>;
  /** Runs one sync to its end on this scenario's task queue and measures it. */
  sync(direction: SyncDirection): Promise<MeasuredRun>;
  close(): Promise<void>;
}

/**
 * Opens a scenario: the stack's database emptied, a new workspace and agents data source on the
 * stack's emulator, and an integration limited as asked.
 */
export async function openScenario(
  stack: SyncStack,
  options: ScenarioOptions = {},
): Promise<SyncScenario> {
  // Workspaces of earlier scenarios would only cost memory; a reset also sets the clock right.
  stack.emulator.control.reset();
  stack.emulator.control.setRateLimit(options.emulatorLimit ?? false);
  const database = stack.database;
  await emptyDatabase(database);
  const { token, dataSourceId } = benchDataSource(stack.emulator);
  const integration = createNotionIntegration({
    apiKey: token,
    baseUrl: stack.emulator.baseUrl,
    logger: stack.logger,
    limiter: createRateLimiter({ ratePerSecond: options.ratePerSecond ?? 100_000 }),
  });
  const taskQueue = `bench-sync-${randomUUID()}`;
  const running: { worker: Worker; run: Promise<void>; connection: NativeConnection }[] = [];

  // Each worker has a connection of its own, as separate worker processes would: Temporal
  // refuses two workers of one task queue on one connection.
  async function startWorkers(count: number): Promise<void> {
    const notion = createSyncNotion(integration, dataSourceId);
    for (let index = 0; index < count; index += 1) {
      const connection = await NativeConnection.connect({ address: stack.address });
      const worker = await createSyncWorker({
        connection,
        taskQueue,
        db: database.db,
        notion,
        logger: stack.logger,
        workflowBundle: stack.bundle,
        shutdownGraceMs: 5_000,
      });
      running.push({ worker, run: worker.run(), connection });
    }
  }

  async function stopWorkers(): Promise<void> {
    for (const { worker } of running) {
      worker.shutdown();
    }
    const stopping = running.splice(0);
    await Promise.all(stopping.map((entry) => entry.run));
    await Promise.all(stopping.map((entry) => entry.connection.close()));
  }

  return {
    database,
    dataSourceId,
    token,
    integration,
    taskQueue,
    startWorkers,
    stopWorkers,
    sync: (direction) => measureSync(stack, taskQueue, direction),
    close: stopWorkers,
  };
}

async function measureSync(
  stack: SyncStack,
  taskQueue: string,
  direction: SyncDirection,
): Promise<MeasuredRun> {
  const control = stack.emulator.control;
  control.clearRequestLog();
  const settings = { taskQueue, sync: loadSyncConfig({}) };
  const started = performance.now();
  const { workflowId } = await startSyncWorkflow(stack.client, { direction }, settings);
  const result = (await stack.client.workflow.getHandle(workflowId).result()) as SyncResult;
  const wallMs = performance.now() - started;
  return {
    result,
    wallMs,
    requests: countRequests(control.routeCounts()),
    routes: control.routeCounts(),
    rateLimited: control.statusCounts()['429'] ?? 0,
  };
}
