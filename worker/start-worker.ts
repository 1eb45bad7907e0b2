import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type LogEntry, type NativeConnection } from '@temporalio/worker';

import { createSyncNotion } from '../activities/notion-sync-adapter';
import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import type { Database } from '../db/client';
import { createNotionIntegration } from '../notion/client';
import { loadNotionConfig } from '../notion/config';
import { loadSyncConfig } from './config';
import { connectNative } from './connection';
import { createSyncWorker } from './create-sync-worker';
import { ensureSyncSchedule } from './schedule';
import { withDefaults } from './start-sync';
import { loadTemporalConfig } from './temporal-config';
import { prebuiltWorkflowBundle } from './workflow-bundle';
import { resolveNotionTarget } from './notion-target';

/** What a worker process needs; `env` holds the Temporal, Notion and sync settings. */
export interface StartWorkerOptions {
  client: Client;
  /**
   * The native connection to poll through, owned by the caller; default one of the worker's own,
   * closed with it. A worker process passes the one its client uses: one connection in all.
   */
  connection?: NativeConnection;
  database: Database;
  env: Env;
  logger: Logger;
  /** Where a database created under `NOTION_PAGE_ID` is remembered. */
  dataDir: string;
}

/** A running sync worker. */
export interface RunningWorker {
  /** Rejects when the worker stops on its own, e.g. because Temporal refused it. */
  readonly failed: Promise<never>;
  /** Lets the batches in flight finish, then stops polling. */
  close(): Promise<void>;
}

/**
 * Routes the Temporal SDK's own log lines (warnings and errors only) into `logger`. Call it once,
 * before the first connection of the process.
 */
export function installWorkerLogging(logger: Logger): void {
  const forward = (entry: LogEntry): void => {
    const metadata = { component: 'temporal-sdk', detail: entry.message, ...entry.meta };
    if (entry.level === 'ERROR') {
      logger.error(metadata, 'Temporal SDK reported an error');
    } else {
      logger.warn(metadata, 'Temporal SDK reported a warning');
    }
  };
  Runtime.install({ logger: new DefaultLogger('WARN', forward) });
}

/**
 * Starts the sync worker on the configured task queue against the configured Notion data
 * source, and creates or updates the `sync-agents` schedule.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { client, database, env, logger } = options;
  const temporal = loadTemporalConfig(env);
  const notionConfig = loadNotionConfig(env);
  const integration = createNotionIntegration({ ...notionConfig, logger });
  // One call up front: a wrong NOTION_API_KEY stops the worker now, not at the first sync.
  const bot = await integration.validateCredentials();
  logger.info({ bot: bot.name ?? bot.id }, 'Notion accepted the integration token');
  const dataSourceId = await resolveNotionTarget(integration, notionConfig, {
    dataDir: options.dataDir,
    logger,
  });

  const isOwnConnection = options.connection === undefined;
  const connection = options.connection ?? (await connectNative(temporal));
  const closeOwnConnection = async () => {
    if (isOwnConnection) {
      await connection.close();
    }
  };
  const worker = await createSyncWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    db: database.db,
    notion: createSyncNotion(integration, dataSourceId),
    logger,
    workflowBundle: prebuiltWorkflowBundle(env),
  }).catch(async (error: unknown) => {
    await closeOwnConnection();
    throw error;
  });
  const running = worker.run();
  const close = async (): Promise<void> => {
    worker.shutdown();
    await running;
    await closeOwnConnection();
  };
  const failed = running.then(() => new Promise<never>(() => undefined));
  failed.catch(() => undefined);
  try {
    await ensureSchedule(client, temporal.taskQueue, env, logger);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { failed, close };
}

async function ensureSchedule(
  client: Client,
  taskQueue: string,
  env: Env,
  logger: Logger,
): Promise<void> {
  const sync = loadSyncConfig(env);
  if (!sync.isScheduleEnabled) {
    return;
  }
  const ensured = await ensureSyncSchedule(client, {
    scheduleId: sync.scheduleId,
    taskQueue,
    intervalMs: sync.intervalMs,
    run: withDefaults({ direction: 'both' }, sync),
  });
  if (!ensured.isCreated && ensured.intervalMs !== sync.intervalMs) {
    logger.warn(
      {
        scheduleId: ensured.scheduleId,
        intervalMs: ensured.intervalMs,
        configured: sync.intervalMs,
      },
      'The schedule keeps its own interval; SYNC_INTERVAL applies only when it is created',
    );
  }
}
