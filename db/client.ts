import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

import type { Logger } from '../core/logger';
import type { DbConfig, DbTarget } from './config';
import { ConnectionError } from './errors';
import * as schema from './schema';

export type Schema = typeof schema;

/** A Drizzle database over either driver; transactions share this type too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Called with each payload that arrives on a LISTEN channel. */
export type NotificationHandler = (payload: string) => void;

/** What a listener hears about its connection, besides the notifications. */
export interface ListenOptions {
  /** The listening connection dropped: notifications are missed until `onRestored`. */
  onLost?: () => void;
  /** LISTEN is back after a loss; anything committed in between went unannounced. */
  onRestored?: () => void;
}

/** An open database: the Drizzle handle plus what Drizzle does not cover. */
export interface Database {
  readonly db: Db;
  readonly kind: DbTarget['kind'];
  /** Runs `SELECT 1`; throws a `ConnectionError` when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Subscribes to a NOTIFY channel on a dedicated connection, reconnected when it drops; the
   * result unsubscribes.
   */
  listen(
    channel: string,
    handler: NotificationHandler,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
  /** Closes the pool or the embedded database; safe to call twice. */
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Options of `createDatabase`. */
export interface CreateDatabaseOptions {
  logger?: Logger;
  /** Apply the committed migrations before returning. Default true. */
  migrate?: boolean;
}

/**
 * Opens the database that `config` names, checks the connection and applies migrations.
 * A bad URL or an unreachable server becomes a `ConnectionError` that never quotes a password.
 */
export async function createDatabase(
  config: DbConfig,
  options: CreateDatabaseOptions = {},
): Promise<Database> {
  const database =
    config.target.kind === 'pglite'
      ? await openPglite(config.target.dataDir)
      : openPostgres(config, config.target, options.logger);
  try {
    await database.ping();
    if (options.migrate ?? true) {
      await (database.kind === 'pglite'
        ? migratePglite(database.db as Parameters<typeof migratePglite>[0], { migrationsFolder })
        : migratePg(database.db as Parameters<typeof migratePg>[0], { migrationsFolder }));
    }
  } catch (error) {
    await database.close();
    throw error instanceof ConnectionError ? error : new ConnectionError(describe(config), error);
  }
  return database;
}

function describe(config: DbConfig): string {
  const { target } = config;
  if (target.kind === 'pglite') {
    return `pglite:${target.dataDir ?? 'memory'}`;
  }
  if (target.connectionString !== undefined) {
    return redactUrl(target.connectionString);
  }
  return `postgres://${target.host ?? 'localhost'}:${target.port}/${target.database}`;
}

/** Drops the password from a connection URL so it can be logged or put in an error. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let isClosed = false;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await client.query('SELECT 1');
    },
    listen: async (channel, handler) => client.listen(channel, handler),
    close: async () => {
      if (!isClosed) {
        isClosed = true;
        await client.close();
      }
    },
  };
}

function sslOption(target: Extract<DbTarget, { kind: 'postgres' }>): pg.PoolConfig['ssl'] {
  switch (target.sslMode) {
    case 'disable':
    case 'prefer':
      return undefined;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

function openPostgres(
  config: DbConfig,
  target: Extract<DbTarget, { kind: 'postgres' }>,
  logger: Logger | undefined,
): Database {
  const poolConfig: pg.PoolConfig = {
    connectionString: target.connectionString,
    host: target.host,
    port: target.port,
    database: target.connectionString === undefined ? target.database : undefined,
    user: target.user,
    password: target.password,
    ssl: sslOption(target),
    min: config.poolMin,
    max: config.poolMax,
    idleTimeoutMillis: config.idleSeconds * 1000,
    maxLifetimeSeconds: config.lifetimeSeconds,
    connectionTimeoutMillis: config.connectTimeoutSeconds * 1000,
  };
  const pool = new pg.Pool(poolConfig);
  // An idle client whose server went away emits 'error' on the pool; without a listener Node
  // would crash the process. The pool drops that client and opens a new one on the next query.
  pool.on('error', (error) => {
    logger?.warn({ err: error.message }, 'Idle database connection failed');
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let isClosed = false;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await pool.query('SELECT 1');
    },
    listen: (channel, handler, options) =>
      listenPostgres({ poolConfig, channel, handler, options: options ?? {}, logger }),
    close: async () => {
      if (!isClosed) {
        isClosed = true;
        await pool.end();
      }
    },
  };
}

/** Milliseconds between attempts to reopen a dropped listening connection. */
const relistenDelayMs = 1000;
/** Milliseconds between pings of a listening connection, and how long one may take. */
const pingIntervalMs = 30_000;
const pingTimeoutMs = 10_000;

interface PostgresListen {
  poolConfig: pg.PoolConfig;
  channel: string;
  handler: NotificationHandler;
  options: ListenOptions;
  logger: Logger | undefined;
}

async function openListener(listen: PostgresListen): Promise<pg.Client> {
  const client = new pg.Client({
    ...listen.poolConfig,
    keepAlive: true,
    query_timeout: pingTimeoutMs,
  });
  client.on('error', (error) => {
    listen.logger?.warn({ err: error.message, channel: listen.channel }, 'Listening failed');
  });
  client.on('notification', (message) => {
    if (message.channel === listen.channel) {
      listen.handler(message.payload ?? '');
    }
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(listen.channel)}`);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * LISTENs on a connection of its own. When that connection drops, `onLost` is called and it is
 * reopened every second until LISTEN works again, then `onRestored`; the first open throws.
 */
async function listenPostgres(listen: PostgresListen): Promise<() => Promise<void>> {
  let isClosed = false;
  let timer: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;
  const watch = (client: pg.Client) => {
    let isLost = false;
    const lose = () => {
      clearInterval(ping);
      if (isLost || isClosed) {
        return;
      }
      isLost = true;
      listen.options.onLost?.();
      retry();
    };
    client.once('end', lose);
    // A connection cut without a FIN (a half-open socket) never ends by itself: a ping that
    // gets no answer in time counts as the loss, and the connection is given up.
    ping = setInterval(() => {
      client.query('SELECT 1').catch(() => {
        lose();
        void client.end().catch(() => undefined);
      });
    }, pingIntervalMs);
    ping.unref();
    return client;
  };
  const retry = () => {
    timer = setTimeout(() => {
      openListener(listen).then(
        (client) => {
          current = watch(client);
          if (isClosed) {
            clearInterval(ping);
            void client.end();
          } else {
            listen.options.onRestored?.();
          }
        },
        () => {
          if (!isClosed) {
            retry();
          }
        },
      );
    }, relistenDelayMs);
    timer.unref();
  };
  let current = watch(await openListener(listen));
  return async () => {
    isClosed = true;
    clearTimeout(timer);
    clearInterval(ping);
    await current.end();
  };
}
