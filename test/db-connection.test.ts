import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase, type Database } from '../db/client';
import { loadDbConfig } from '../db/config';
import { ConnectionError } from '../db/errors';
import { executeQuery } from '../db/execute-query';
import { createServerTestDatabase, type ServerTestDatabase } from './test-db';

const password = 'hunter2-never-shown';

// Pool behaviour needs a server: DATABASE_URL's, or a private one on the PGlite leg.
let database: ServerTestDatabase;

beforeAll(async () => {
  database = await createServerTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function connectionError(env: Record<string, string>): Promise<ConnectionError> {
  const error: unknown = await createDatabase(loadDbConfig(env)).then(
    async (opened) => {
      await opened.close();
      return new Error('the database opened');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  const shown = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
  expect(shown).not.toContain(password);
  return error as ConnectionError;
}

/** A database on the test server with its own pool settings; migrations are already applied. */
async function openPool(env: Record<string, string>, logger?: pino.Logger): Promise<Database> {
  return createDatabase(loadDbConfig({ DATABASE_URL: database.url, ...env }), {
    migrate: false,
    logger,
  });
}

async function backendPid(opened: Database): Promise<number> {
  const { rows } = await executeQuery<{ pid: number }>(opened.db, 'select pg_backend_pid() as pid');
  return rows[0]?.pid ?? -1;
}

async function isBackendAlive(pid: number): Promise<boolean> {
  const { rows } = await executeQuery(
    database.db,
    'select 1 from pg_stat_activity where pid = $1',
    [pid],
  );
  return rows.length > 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a bad DATABASE_URL', () => {
  it('fails with a ConnectionError, no password, when nothing listens on the port', async () => {
    const error = await connectionError({
      DATABASE_URL: `postgres://eco:${password}@127.0.0.1:1/eco_bot`,
    });
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.target).toBe('postgres://eco:***@127.0.0.1:1/eco_bot');
  });

  it('fails with a ConnectionError, no password, when the host does not resolve', async () => {
    const error = await connectionError({
      DATABASE_URL: `postgres://eco:${password}@no-such-host.invalid:5432/eco_bot`,
      DB_TIMEOUT: '5',
    });
    expect(error.message).toContain('no-such-host.invalid');
  });

  it('fails with a ConnectionError, no password, when the password is wrong', async () => {
    const url = new URL(database.url);
    url.password = password;
    const error = await connectionError({ DATABASE_URL: url.toString() });
    expect(error.code).toBe('28P01');
  });
});

describe('the PostgreSQL pool', () => {
  it('opens no more connections than DB_POOL_MAX', async () => {
    const opened = await openPool({ DB_POOL_MIN: '0', DB_POOL_MAX: '2' });
    const queries = Array.from({ length: 6 }, () =>
      executeQuery<{ pid: number }>(opened.db, 'select pg_backend_pid() as pid, pg_sleep(0.2)'),
    );
    const pids = new Set((await Promise.all(queries)).map((result) => result.rows[0]?.pid));
    await opened.close();
    expect(pids.size).toBe(2);
  });

  it('closes idle connections after DB_POOL_IDLE seconds, down to DB_POOL_MIN', async () => {
    const opened = await openPool({ DB_POOL_MIN: '1', DB_POOL_MAX: '3', DB_POOL_IDLE: '1' });
    const queries = Array.from({ length: 3 }, () =>
      executeQuery<{ pid: number }>(opened.db, 'select pg_backend_pid() as pid, pg_sleep(0.2)'),
    );
    const pids = [...new Set((await Promise.all(queries)).map((result) => result.rows[0]?.pid))];
    await sleep(2_000);
    const alive = await Promise.all(pids.map((pid) => isBackendAlive(pid ?? -1)));
    await opened.close();
    expect(pids).toHaveLength(3);
    expect(alive.filter(Boolean)).toHaveLength(1);
  });

  it('replaces a connection older than DB_POOL_LIFETIME seconds', async () => {
    const opened = await openPool({ DB_POOL_MIN: '0', DB_POOL_MAX: '1', DB_POOL_LIFETIME: '1' });
    const first = await backendPid(opened);
    await sleep(1_500);
    const second = await backendPid(opened);
    await opened.close();
    expect(second).not.toBe(first);
  });

  it('keeps the process alive and reconnects when the server kills an idle backend', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const opened = await openPool({ DB_POOL_MIN: '0', DB_POOL_MAX: '1' }, pino(sink));
    const first = await backendPid(opened);
    await executeQuery(database.db, 'select pg_terminate_backend($1)', [first]);
    for (let waited = 0; waited < 5_000 && lines.length === 0; waited += 50) {
      await sleep(50);
    }
    const second = await backendPid(opened);
    await opened.close();
    expect(lines.join('')).toContain('Idle database connection failed');
    expect(second).not.toBe(first);
  });
});
