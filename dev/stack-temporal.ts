import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';

import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import { devServerOptions } from './dev-server-options';
import { TemporalServerError } from './errors';
import { spawnTemporalServer, type TemporalProcess } from './stack-temporal-process';
import { ensureTemporalCli } from './temporal-cli';

/** Options of {@link startStackTemporal}. */
export interface StackTemporalOptions {
  port: number;
  uiPort: number;
  /** The server keeps its SQLite file (`temporal.db`) and its pid file here. */
  dataDir: string;
  namespace: string;
  logger: Logger;
  env: Env;
  /** Milliseconds to wait for the server to answer. Default 60000. */
  readyTimeoutMs?: number;
}

/** The stack's Temporal dev server. */
export interface RunningTemporal {
  /** `host:port` of the frontend. */
  address: string;
  uiUrl: string;
  /** The server's process id, when the stack spawned it itself. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with its Web UI, its runs kept in `<dataDir>/temporal.db`,
 * and the sync search attributes registered. Uses the CLI that `ensureTemporalCli` finds; on a
 * machine with neither the CLI nor Go, `@temporalio/testing` downloads it instead.
 */
export async function startStackTemporal(options: StackTemporalOptions): Promise<RunningTemporal> {
  const executablePath = await ensureTemporalCli({ logger: options.logger, env: options.env });
  const dbFilename = join(options.dataDir, 'temporal.db');
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = `http://127.0.0.1:${options.uiPort}`;
  if (executablePath === undefined) {
    return startDownloaded(options, dbFilename, uiUrl);
  }

  const pidFile = join(options.dataDir, 'temporal.pid');
  await stopOrphan(pidFile, dbFilename, options.logger);
  const server = await spawnUntilBound(options, { executablePath, dbFilename, pidFile, address });
  return {
    address,
    uiUrl,
    pid: server.child.pid,
    stop: async () => {
      await server.stop();
      await rm(pidFile, { force: true });
    },
  };
}

/** Starts the server; tries again when one of the ports the CLI picks itself was taken. */
async function spawnUntilBound(
  options: StackTemporalOptions,
  files: { executablePath: string; dbFilename: string; pidFile: string; address: string },
): Promise<TemporalProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const server = spawnTemporalServer({ ...options, ...files });
    await writeFile(files.pidFile, String(server.child.pid ?? ''));
    try {
      await waitUntilReady(
        files.address,
        options.namespace,
        server,
        options.readyTimeoutMs ?? 60_000,
      );
      return server;
    } catch (error) {
      await server.stop(2_000);
      await rm(files.pidFile, { force: true });
      if (attempt >= 3 || !lostRandomPort(error, options)) {
        throw error;
      }
      options.logger.warn({ attempt }, 'A port the Temporal CLI picked was taken; starting again');
    }
  }
}

/**
 * Whether the server failed to bind a port it picked at random (its HTTP API and metrics ports:
 * it probes a free port, then binds it, and another process may take it in between). A taken
 * gRPC or UI port is the configuration's, and fails at once.
 */
export function lostRandomPort(
  error: unknown,
  options: Pick<StackTemporalOptions, 'port' | 'uiPort'>,
): boolean {
  if (!(error instanceof TemporalServerError)) {
    return false;
  }
  const match = /listen tcp [\d.]+:(\d+): bind: address already in use/.exec(error.outputTail);
  const port = Number(match?.[1]);
  return match !== null && port !== options.port && port !== options.uiPort;
}

async function waitUntilReady(
  address: string,
  namespace: string,
  server: TemporalProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void server.exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) {
      const code = await server.exited;
      throw new TemporalServerError(
        `The Temporal dev server exited (${code})`,
        server.outputTail(),
      );
    }
    if (await answers(address, namespace)) {
      return;
    }
    await sleep(150);
  }
  throw new TemporalServerError(
    `The Temporal dev server did not answer on ${address} within ${timeoutMs} ms`,
    server.outputTail(),
  );
}

async function answers(address: string, namespace: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** Stops a server a killed stack left running on the same database file. */
async function stopOrphan(pidFile: string, dbFilename: string, logger: Logger): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!Number.isInteger(pid) || pid <= 0 || !commandLine.includes(dbFilename)) {
    return;
  }
  logger.warn({ pid }, 'Stopping a Temporal dev server left behind by an earlier stack');
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) {
    await sleep(100);
  }
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startDownloaded(
  options: StackTemporalOptions,
  dbFilename: string,
  uiUrl: string,
): Promise<RunningTemporal> {
  const settings = { executablePath: undefined, port: options.port, uiPort: options.uiPort };
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...devServerOptions({ ...settings, dbFilename }), namespace: options.namespace },
  });
  return { address: env.address, uiUrl, pid: undefined, stop: () => env.teardown() };
}
