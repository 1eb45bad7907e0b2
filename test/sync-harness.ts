import {
  Client as NotionClient,
  collectPaginatedAPI,
  isFullPage,
  LogLevel,
} from '@notionhq/client';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';

import { createSyncNotion } from '../activities/notion-sync-adapter';
import type { SyncNotion } from '../activities/sync-notion';
import { agents } from '../db/schema';
import type { WorkspaceHandle } from '../dev/notion-emulator/control';
import { startNotionEmulator, type NotionEmulator } from '../dev/notion-emulator/server';
import { createNotionIntegration } from '../notion/client';
import type { NotionIntegration } from '../notion/notion-integration';
import { createRateLimiter } from '../notion/rate-limiter';
import type { SyncResult } from '../sync/run-types';
import { loadSyncConfig } from '../worker/config';
import { createSyncWorker, syncWorkflowsPath } from '../worker/create-sync-worker';
import { startSyncWorkflow, type StartSyncOptions } from '../worker/start-sync';
import {
  bundleOnce,
  connectTestClient,
  connectTestWorkerConnection,
  uniqueTaskQueue,
  type TestClient,
} from './temporal-env';
import { createTestDatabase, type TestDatabase } from './test-db';

/** Quiet logs for tests; LOG_LEVEL turns them up when a test needs looking into. */
export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** Everything a sync integration test works with. */
export interface SyncHarness {
  database: TestDatabase;
  emulator: NotionEmulator;
  workspace: WorkspaceHandle;
  dataSourceId: string;
  integration: NotionIntegration;
  notion: SyncNotion;
  /** A plain client on the emulator, for reading pages and making human edits over HTTP. */
  reader: NotionClient;
  temporal: TestClient;
  client: Client;
  taskQueue: string;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  /** Runs a sync to its end and returns its result. */
  sync(options: StartSyncOptions): Promise<SyncResult>;
  /** Starts a sync and returns its handle at once. */
  startSync(options: StartSyncOptions): Promise<WorkflowHandle>;
  close(): Promise<void>;
}

/** Options of `createSyncHarness`. */
export interface HarnessOptions {
  /** Milliseconds one Notion exchange may take. Default 2000. */
  notionTimeoutMs?: number;
  /** The database to sync, closed with the harness. Default a fresh `createTestDatabase()`. */
  database?: TestDatabase;
  /** A Temporal server of the test's own; default the suite's dev server. */
  temporalAddress?: string;
}

/**
 * Starts an emulator with an agents database (only its title property: the sync adds the rest),
 * a fresh database and a sync worker on a task queue of its own.
 */
export async function createSyncHarness(options: HarnessOptions = {}): Promise<SyncHarness> {
  const database = options.database ?? (await createTestDatabase());
  const emulator = await startNotionEmulator({ rateLimit: false });
  const workspace = emulator.control.createWorkspace({ name: 'Sync test' });
  const { dataSourceId } = emulator.control.createDemoDatabase(workspace.token, {
    title: 'Agents',
    properties: { Name: { title: {} } },
  });
  const integration = createNotionIntegration({
    apiKey: workspace.token,
    baseUrl: emulator.baseUrl,
    timeoutMs: options.notionTimeoutMs ?? 2_000,
    logger: testLogger,
    limiter: createRateLimiter({ ratePerSecond: 100_000 }),
  });
  const notion = createSyncNotion(integration, dataSourceId);
  const temporal = await connectTestClient(options.temporalAddress);
  const connection = await connectTestWorkerConnection(options.temporalAddress);
  const taskQueue = uniqueTaskQueue('sync');
  const workers = new WorkerSlot(connection, { taskQueue, db: database, notion });
  const settings = { taskQueue, sync: loadSyncConfig({}) };
  return {
    database,
    emulator,
    workspace,
    dataSourceId,
    integration,
    notion,
    reader: readerFor(emulator, workspace),
    temporal,
    client: temporal.client,
    taskQueue,
    startWorker: () => workers.start(),
    stopWorker: () => workers.stop(),
    sync: async (run) => {
      const started = await startSyncWorkflow(temporal.client, run, settings);
      return temporal.client.workflow.getHandle(started.workflowId).result() as Promise<SyncResult>;
    },
    startSync: async (run) => {
      const started = await startSyncWorkflow(temporal.client, run, settings);
      return temporal.client.workflow.getHandle(started.workflowId);
    },
    close: async () => {
      await workers.stop();
      await connection.close();
      await temporal.close();
      await emulator.close();
      await database.close();
    },
  };
}

class WorkerSlot {
  private worker: Worker | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly connection: NativeConnection,
    private readonly settings: { taskQueue: string; db: TestDatabase; notion: SyncNotion },
  ) {}

  async start(): Promise<Worker> {
    const worker = await createSyncWorker({
      connection: this.connection,
      taskQueue: this.settings.taskQueue,
      db: this.settings.db.db,
      notion: this.settings.notion,
      logger: testLogger,
      workflowBundle: await bundleOnce(syncWorkflowsPath),
      shutdownGraceMs: 5_000,
    });
    this.worker = worker;
    this.running = worker.run();
    return worker;
  }

  async stop(): Promise<void> {
    if (this.worker !== undefined && this.worker.getState() === 'RUNNING') {
      this.worker.shutdown();
    }
    await this.running;
    this.worker = undefined;
    this.running = undefined;
  }
}

function readerFor(emulator: NotionEmulator, workspace: WorkspaceHandle): NotionClient {
  return new NotionClient({
    auth: workspace.token,
    baseUrl: emulator.baseUrl,
    retry: false,
    logLevel: LogLevel.ERROR,
    logger: () => undefined,
  });
}

/** Requests the harness's emulator received for `method` and exactly `path`. */
export function countRequests(harness: SyncHarness, method: string, path: string): number {
  return harness.emulator.control
    .requestLog()
    .filter((entry) => entry.method === method && entry.path === path).length;
}

/** A page reduced to what the assertions look at. */
export interface PageView {
  id: string;
  localId: string;
  name: string;
  role: string | null;
  status: string | null;
  capabilities: string[];
  metadata: string;
  inTrash: boolean;
}

/** Reads every page of the data source, live and trashed, without going through the sync. */
export async function readAllPages(harness: SyncHarness): Promise<PageView[]> {
  const read = (inTrash: boolean) =>
    collectPaginatedAPI(harness.reader.dataSources.query, {
      data_source_id: harness.dataSourceId,
      in_trash: inTrash,
    });
  const results = [...(await read(false)), ...(await read(true))].filter(isFullPage);
  const byId = new Map(results.map((page) => [page.id, page]));
  return [...byId.values()].map((page) => viewOf(page.id, page.in_trash, page.properties));
}

function viewOf(id: string, inTrash: boolean, properties: Record<string, unknown>): PageView {
  const prop = (name: string) => properties[name] as Record<string, unknown> | undefined;
  const text = (name: string) =>
    ((prop(name)?.[prop(name)?.type as string] as { plain_text: string }[] | undefined) ?? [])
      .map((run) => run.plain_text)
      .join('');
  const option = (name: string) => (prop(name)?.select as { name: string } | null)?.name ?? null;
  const options = (prop('Capabilities')?.multi_select as { name: string }[] | undefined) ?? [];
  return {
    id,
    localId: text('Local ID'),
    name: text('Name'),
    role: option('Role'),
    status: option('Status'),
    capabilities: options.map((entry) => entry.name).sort(),
    metadata: text('Metadata'),
    inTrash,
  };
}

/** Inserts `count` agents named `Agent <n>` and returns their ids in order. */
export async function seedAgents(
  harness: SyncHarness,
  count: number,
  prefix = 'Agent',
): Promise<string[]> {
  const roles = ['recycling_expert', 'energy_advisor', 'water_analyst'];
  const rows = Array.from({ length: count }, (_, index) => ({
    name: `${prefix} ${index + 1}`,
    role: roles[index % roles.length] ?? 'recycling_expert',
    status: index % 5 === 0 ? 'inactive' : 'active',
    capabilities: index % 2 === 0 ? ['sorting', 'composting'] : ['solar'],
    metadata: { rank: index, region: index % 2 === 0 ? 'north' : 'south' },
  }));
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    const inserted = await harness.database.db
      .insert(agents)
      .values(rows.slice(start, start + 500))
      .returning({ id: agents.id });
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}
