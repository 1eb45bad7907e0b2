import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { LockTimeoutError } from './errors';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** How long to wait for another process to release the lock; default 15 minutes, in ms. */
  readonly timeoutMs?: number;
  /** How often to look at the lock again while waiting; default 500 ms. */
  readonly pollMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock file at `lockPath`, so that concurrent processes (two
 * test workers, or CI and a developer) never build or resolve the same tool twice. A lock left by
 * a process that no longer exists is taken over. The lock is released when `fn` settles.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  await acquire(lockPath, options.timeoutMs ?? 15 * 60_000, options.pollMs ?? 500);
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquire(lockPath: string, timeoutMs: number, pollMs: number): Promise<void> {
  await mkdir(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryCreate(lockPath)) {
      return;
    }
    const holder = await readHolder(lockPath);
    if (holder !== undefined && !isAlive(holder)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(lockPath, holder);
    }
    await sleep(pollMs);
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

async function readHolder(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
