import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { WorkerProcessMessage, WorkerProcessSettings } from '../dev/sync-worker-protocol';
import { syncWorkflowsPath } from '../worker/create-sync-worker';
import { bundleOnce } from './temporal-env';

const workerEntry = fileURLToPath(new URL('../dev/sync-worker-process.ts', import.meta.url));

/** A sync worker running in a child process. */
export interface WorkerChild {
  readonly pid: number;
  /** Kills the process with SIGKILL, as a crash or an OOM killer would, and waits for its end. */
  kill(): Promise<void>;
  /** Asks for a graceful shutdown and waits for the process to end. */
  stop(): Promise<void>;
}

/**
 * Writes the sync workflows' bundle to a temporary file once per test process, so that worker
 * children start in a second or two instead of bundling for several seconds each.
 */
export async function workflowBundleFile(): Promise<string> {
  bundlePath ??= bundleOnce(syncWorkflowsPath).then(async (bundle) => {
    const path = join(await mkdtemp(join(tmpdir(), 'eco-bundle-')), 'workflows.js');
    await writeFile(path, bundle.code);
    return path;
  });
  return bundlePath;
}

let bundlePath: Promise<string> | undefined;

/** Forks a worker child with `settings` and resolves once it polls its task queue. */
export async function startWorkerChild(settings: WorkerProcessSettings): Promise<WorkerChild> {
  const child = fork(workerEntry, [JSON.stringify(settings)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await waitForReady(child);
  return {
    pid: child.pid ?? 0,
    kill: () => endWith(child, () => child.kill('SIGKILL')),
    stop: () => endWith(child, () => child.send({ kind: 'stop' })),
  };
}

async function waitForReady(child: ChildProcess): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: WorkerProcessMessage) => {
      if (message.kind === 'ready') {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`The worker child exited early (${code})`)));
  });
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error('The worker child did not start in 60 s')), 60_000).unref();
  });
  await Promise.race([ready, timeout]);
}

async function endWith(child: ChildProcess, signal: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  signal();
  await exited;
}
