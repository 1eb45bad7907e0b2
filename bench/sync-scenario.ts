import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { Client } from '@temporalio/client';
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
import { inProcessNotion, type ScenarioNotion } from './scenario-notion';
import { countRequests } from './sync-notion-setup';
import { emptyDatabase, type SyncStack } from './sync-stack';

/** Options of `openScenario`. */
export interface ScenarioOptions {
  /** Requests/s for the workers' limiter; default none in effect (100,000/s). */
  ratePerSecond?: number;
  /** The emulator's limit while the scenario runs; default off. */
  emulatorLimit?: RateLimitSetting | false;
  /** Where Notion is served from; default the stack's emulator, in this process. */
  notion?: ScenarioNotion;
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
  notion: ScenarioNotion;
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
 * Opens a scenario: the stack's database emptied, the emulator emptied and given a new workspace
 * and agents data source, and an integration limited as asked.
 */
export async function openScenario(
  stack: SyncStack,
  options: ScenarioOptions = {},
): Promise<SyncScenario> {
  const notion = options.notion ?? inProcessNotion(stack.emulator);
  const { token, dataSourceId } = await notion.open(options.emulatorLimit ?? false);
  const database = stack.database;
  await emptyDatabase(database);
  const integration = createNotionIntegration({
    apiKey: token,
    baseUrl: notion.baseUrl,
    logger: stack.logger,
    limiter: createRateLimiter({ ratePerSecond: options.ratePerSecond ?? 100_000 }),
  });
  const taskQueue = `bench-sync-${randomUUID()}`;
  const running: { worker: Worker; run: Promise<void>; connection: NativeConnection }[] = [];

  // Each worker has a connection of its own, as separate worker processes would: Temporal
  // refuses two workers of one task queue on one connection.
  async function startWorkers(count: number): Promise<void> {
    const syncNotion = createSyncNotion(integration, dataSourceId);
    for (let index = 0; index < count; index += 1) {
      const connection = await NativeConnection.connect({ address: stack.address });
      const worker = await createSyncWorker({
        connection,
        taskQueue,
        db: database.db,
        notion: syncNotion,
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
    notion,
    dataSourceId,
    token,
    integration,
    taskQueue,
    startWorkers,
    stopWorkers,
    sync: (direction) => measureSync(stack.client, notion, taskQueue, direction),
    close: stopWorkers,
  };
}

async function measureSync(
  client: Client,
  notion: ScenarioNotion,
  taskQueue: string,
  direction: SyncDirection,
): Promise<MeasuredRun> {
  await notion.clearRequestLog();
  const settings = { taskQueue, sync: loadSyncConfig({}) };
  const started = performance.now();
  const { workflowId } = await startSyncWorkflow(client, { direction }, settings);
  const result = (await client.workflow.getHandle(workflowId).result()) as SyncResult;
  const wallMs = performance.now() - started;
  const { routes, statuses } = await notion.counts();
  return {
    result,
    wallMs,
    requests: countRequests(routes),
    routes,
    rateLimited: statuses['429'] ?? 0,
  };
}
