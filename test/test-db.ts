import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

import { createDatabase, type Database } from '../db/client';
import { loadDbConfig } from '../db/config';
import { errorCodeOf } from '../db/errors';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

/** A database of its own for one test file, dropped again by `close()`. */
export interface TestDatabase extends Database {
  /** The connection URL of this database, when it lives on a PostgreSQL server. */
  readonly url: string | undefined;
}

/**
 * Opens a fresh, migrated database: a new database on the server `DATABASE_URL` names, so test
 * files never see each other's rows, or an in-memory PGlite when `DATABASE_URL` is unset.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    const database = await createDatabase(loadDbConfig({ PGLITE_DIR: 'memory://' }));
    return { ...database, url: undefined };
  }

  const name = `eco_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = await createDatabase(loadDbConfig({ DATABASE_URL: url, DB_POOL_MIN: '0' }));
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** `insufficient_privilege`: what `WITH (FORCE)` answers for a backend it may not terminate. */
const insufficientPrivilege = '42501';
/** `object_in_use`: another session still holds the database. */
const objectInUse = '55006';
const dropAttempts = 20;
const dropRetryMs = 250;

/**
 * Drops a test database and ends its connections. `WITH (FORCE)` refuses to end an autovacuum
 * worker (only a superuser may), as on a database a benchmark has just filled; a plain drop ends
 * such a worker itself, and waits up to 5 s for it, but fails while another session is
 * connected. So a refused drop is tried again without FORCE, and both again for a few seconds.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      if (errorCodeOf(error) !== insufficientPrivilege) {
        throw error;
      }
    }
    try {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if (errorCodeOf(error) !== objectInUse || attempt >= dropAttempts) {
        throw error;
      }
    }
    await sleep(dropRetryMs);
  }
}

/** A test database that lives on a PostgreSQL server, so other processes can open it too. */
export interface ServerTestDatabase extends TestDatabase {
  readonly url: string;
  /** The private server it lives on when `DATABASE_URL` is unset; undefined otherwise. */
  readonly server: PrivatePostgres | undefined;
}

/**
 * Opens a fresh database that a worker in another process can reach: on the server
 * `DATABASE_URL` names, or, when it is unset (the PGlite leg), on a private PostgreSQL cluster
 * of the test file's own, stopped again by `close()`.
 */
export async function createServerTestDatabase(): Promise<ServerTestDatabase> {
  if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') {
    const database = await createTestDatabase();
    return { ...database, url: database.url ?? '', server: undefined };
  }
  return createPrivateTestDatabase();
}

/** Opens a database on a private PostgreSQL cluster that the test may restart. */
export async function createPrivateTestDatabase(): Promise<ServerTestDatabase> {
  const server = await startPrivatePostgres();
  const database = await createDatabase(
    loadDbConfig({ DATABASE_URL: server.url, DB_POOL_MIN: '0' }),
  );
  return {
    ...database,
    url: server.url,
    server,
    close: async () => {
      await database.close();
      await server.close();
    },
  };
}

/** `url` with its database name replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
