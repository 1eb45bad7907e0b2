import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LockTimeoutError } from './errors';
import { withFileLock } from './file-lock';

describe('withFileLock', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eco-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs holders one after another, never overlapping', async () => {
    const lockPath = join(dir, 'tool.lock');
    const events: string[] = [];
    const hold = (name: string) =>
      withFileLock(
        lockPath,
        async () => {
          events.push(`${name} in`);
          await sleep(100);
          events.push(`${name} out`);
        },
        { pollMs: 10 },
      );

    await Promise.all([hold('a'), hold('b')]);

    expect([
      ['a in', 'a out', 'b in', 'b out'],
      ['b in', 'b out', 'a in', 'a out'],
    ]).toContainEqual(events);
  });

  it('takes over a lock whose holder process is gone', async () => {
    const lockPath = join(dir, 'tool.lock');
    await writeFile(lockPath, '2147483646');

    const result = await withFileLock(lockPath, async () => readFile(lockPath, 'utf8'));

    expect(result).toBe(String(process.pid));
  });

  it('gives up after the timeout while a live process holds the lock', async () => {
    const lockPath = join(dir, 'tool.lock');
    await writeFile(lockPath, String(process.ppid));

    await expect(
      withFileLock(lockPath, () => Promise.resolve('never'), { timeoutMs: 200, pollMs: 20 }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it('releases the lock when the holder throws', async () => {
    const lockPath = join(dir, 'tool.lock');
    await expect(
      withFileLock(lockPath, () => Promise.reject(new Error('build broke'))),
    ).rejects.toThrow('build broke');

    expect(await withFileLock(lockPath, () => Promise.resolve('next'))).toBe('next');
  });
});
