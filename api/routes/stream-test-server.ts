import { randomUUID } from 'node:crypto';
import { pino } from 'pino';

import { loggerOptions } from '../../core/logger';
import { createDatabase, type Database } from '../../db/client';
import { loadDbConfig } from '../../db/config';
import { createTestDatabase, type TestDatabase } from '../../test/test-db';
import { testConfig } from '../../test/api-harness';
import { createApp } from '../app';
import { signAccessToken } from '../auth/access-tokens';
import type { Role } from '../auth/permissions';
import type { ApiConfig } from '../config';
import { startRealtime, type Realtime, type RealtimeOptions } from '../realtime/start-realtime';
import type { ApiApp } from '../app-env';
import { listen, type RunningServer } from '../server';
import { createEventRoutes } from './events';
import { createMetricsRoutes } from './metrics';

/** A real API server on port 0 with the event and metrics routes over a fresh database. */
export interface StreamTestServer {
  url: string;
  /** The app itself, to reach it without a socket through `app.request`. */
  app: ApiApp;
  database: TestDatabase;
  /**
   * Another connection to the same database, standing in for another process: a second pool on
   * PostgreSQL, the same instance on PGlite (which has only one).
   */
  writer: Database;
  realtime: Realtime;
  config: ApiConfig;
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** Options of `startStreamTestServer`. */
export interface StreamTestServerOptions {
  /** Heartbeat of SSE and WebSocket streams in ms. Default 15000. */
  heartbeatMs?: number;
  realtime?: RealtimeOptions;
}

/** Opens a second connection to `database`, as another process of the service would. */
export async function openOtherConnection(database: TestDatabase): Promise<Database> {
  if (database.url === undefined) {
    return { ...database, close: () => Promise.resolve() };
  }
  const config = loadDbConfig({ DATABASE_URL: database.url, DB_POOL_MIN: '0' });
  return createDatabase(config, { migrate: false });
}

/**
 * Starts the server. The hub's safety poll is set to a minute unless given, so events that
 * arrive within a test's time limits came through LISTEN/NOTIFY.
 */
export async function startStreamTestServer(
  options: StreamTestServerOptions = {},
): Promise<StreamTestServer> {
  const database = await createTestDatabase();
  const logger = pino(loggerOptions('silent'));
  const realtime = await startRealtime(database, {
    logger,
    ...options.realtime,
    hub: { pollIntervalMs: 60_000, ...options.realtime?.hub },
  });
  const config = testConfig();
  const routes = [
    createEventRoutes({ hub: realtime.hub, heartbeatMs: options.heartbeatMs }),
    createMetricsRoutes({ processor: realtime.processor }),
  ];
  const app = createApp({ db: database, config, logger, routes });
  const server: RunningServer = await listen(app, { port: 0, host: '127.0.0.1' });
  const writer = await openOtherConnection(database);
  return {
    url: server.url,
    app,
    database,
    writer,
    realtime,
    config,
    tokenFor: async (role) => (await signAccessToken(config, { id: randomUUID(), role })).token,
    close: async () => {
      await realtime.close();
      await server.close();
      await writer.close();
      await database.close();
    },
  };
}
