import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../dev/stack-ports';

const run = promisify(execFile);

/** A PostgreSQL server of one test file's own, which the test may stop and restart at will. */
export interface PrivatePostgres {
  /** A superuser URL (user and password `eco`) of the `postgres` database on it. */
  readonly url: string;
  /** Stops the server at once (connections are cut), waits `downMs`, and starts it again. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and deletes its files. */
  close(): Promise<void>;
}

/**
 * Creates and starts a throwaway cluster with Debian's PostgreSQL binaries (`initdb`, `pg_ctl`)
 * in a temporary directory, on a free loopback port. The suite's shared server cannot be
 * restarted under other test files, so tests of a database restart use one of these. As root,
 * the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'eco-pg-'));
  const data = join(dir, 'data');
  await prepareOwnership(dir);
  const port = await freePort();
  // Password authentication over TCP, as on a real server, so a wrong password is refused.
  const pwfile = join(dir, 'password');
  await writeFile(pwfile, 'eco\n');
  await prepareOwnership(pwfile);
  await asServerUser(join(bin, 'initdb'), [
    ...['-D', data, '-U', 'eco', '--pwfile', pwfile, '--no-sync'],
    ...['--auth-host=scram-sha-256', '--auth-local=trust'],
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => asServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl('-o', options, '-l', join(dir, 'server.log'), '-w', 'start');
  const stop = () => pgCtl('-m', 'immediate', '-w', 'stop');
  await start();
  return {
    url: `postgres://eco:eco@127.0.0.1:${port}/postgres`,
    restart: async (downMs = 1_000) => {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    close: async () => {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const version = versions.find((name) => existsSync(join(root, name, 'bin', 'initdb')));
  if (version === undefined) {
    throw new Error(`No PostgreSQL server binaries under ${root}: install Debian's postgresql`);
  }
  return join(root, version, 'bin');
}

const isRoot = process.getuid?.() === 0;

async function prepareOwnership(path: string): Promise<void> {
  if (!isRoot) {
    return;
  }
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  await chown(path, Number(stdout.trim()), Number(group.trim()));
  await chmod(path, 0o700);
}

async function asServerUser(command: string, args: string[]): Promise<void> {
  const [file, fileArgs] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  await run(file, fileArgs, { cwd: tmpdir() });
}
