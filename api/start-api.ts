import type { Client } from '@temporalio/client';

import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import type { Database } from '../db/client';
import { loadSyncConfig } from '../worker/config';
import { loadTemporalConfig } from '../worker/temporal-config';
import { AgentListCache } from './agents/agent-list-cache';
import { createApp } from './app';
import { loadApiConfig } from './config';
import { startRealtime } from './realtime/start-realtime';
import { createEventRoutes } from './routes/events';
import { createMetricsRoutes } from './routes/metrics';
import { listen } from './server';

/** What `startApi` needs: an open database, a logger and, ideally, a Temporal client. */
export interface StartApiOptions {
  database: Database;
  logger: Logger;
  /** The process's Temporal client; without it the sync routes answer 503. */
  temporal?: Client;
  /** Settings source. Default `process.env`. */
  env?: Env;
}

/** A running API process: its URL and how to stop it. */
export interface RunningApi {
  url: string;
  port: number;
  /** Stops accepting requests, ends the event streams and flushes the real-time processor. */
  close(): Promise<void>;
}

/**
 * Starts the whole API: the real-time hub and processor, the app with every route, and the HTTP
 * server. The caller owns `database` and `temporal` and closes them after `close()`.
 */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { database, logger, temporal } = options;
  const env = options.env ?? process.env;
  const config = loadApiConfig(env);
  // Read once here, so a bad SYNC_* or TEMPORAL_TASK_QUEUE value stops the process at start.
  const sync = { taskQueue: loadTemporalConfig(env).taskQueue, sync: loadSyncConfig(env) };
  const realtime = await startRealtime(database, { logger });
  const agentLists = new AgentListCache();
  await agentLists.start(database);
  const app = createApp({
    db: database,
    config,
    logger,
    temporal,
    sync,
    agentLists,
    routes: [
      createEventRoutes({ hub: realtime.hub }),
      createMetricsRoutes({ processor: realtime.processor }),
    ],
  });
  const server = await listen(app, { port: config.port, host: config.host });
  logger.info({ url: server.url }, 'API listening');
  return {
    url: server.url,
    port: server.port,
    close: async () => {
      await server.close();
      await realtime.close();
      await agentLists.close();
    },
  };
}
