import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long the one archiving run of the server may take to open its port; in ms. */
const startupLimitMs = 120_000;

/**
 * Runs the time-skipping server once with `-XX:ArchiveClassesAtExit`, so that later starts map the
 * classes it loaded from `archivePath` instead of parsing 40 jars again. That halves the JVM's
 * start-up time, which matters because the SDK gives the server only 5 s to open its port.
 * When the run fails no archive is left, and the server simply starts without one.
 */
export async function createClassDataArchive(
  classpath: string,
  archivePath: string,
): Promise<void> {
  await rm(archivePath, { force: true });
  const port = await freePort();
  const child = spawn(
    'java',
    [`-XX:ArchiveClassesAtExit=${archivePath}`, '-cp', classpath, mainClass, String(port)],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });

  await waitForPort(port, Date.now() + startupLimitMs);
  child.kill('SIGTERM');
  await exited;
}

/** The main class of `io.temporal:temporal-test-server`. */
export const mainClass = 'io.temporal.testserver.TestServer';

async function waitForPort(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await canConnect(port)) {
      return true;
    }
    await sleep(200);
  }
  return false;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
