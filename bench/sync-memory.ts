import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { SyncBenchError, WorkerProcessError } from './errors';
import { percentile } from './measure';
import { writeBenchResult } from './report';
import { seedBenchAgents } from './sync-agents';
import type { WorkerProcessMessage, WorkerProcessSettings } from '../dev/sync-worker-protocol';
import { openScenario, type SyncScenario } from './sync-scenario';
import type { SyncStack } from './sync-stack';

const workerEntry = fileURLToPath(new URL('../dev/sync-worker-process.ts', import.meta.url));
const restMs = 2_000;
const mebibyte = 1024 * 1024;

/**
 * Measures the resident memory of a sync worker in a process of its own: at rest (polling, after
 * a garbage collection) and at its peak during a first push of `agents` agents, limits off.
 * Writes bench/results/sync-memory.json. The worker process needs the database on a server, so
 * without `DATABASE_URL` it returns undefined and measures nothing.
 */
export async function runMemoryBench(
  stack: SyncStack,
  agents: number,
): Promise<string | undefined> {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') {
    return undefined;
  }
  const scenario = await openScenario(stack);
  try {
    await seedBenchAgents(scenario.database.db, agents);
    const child = startWorkerProcess(stack, scenario);
    try {
      return await measure(scenario, child, agents);
    } finally {
      await stopWorkerProcess(child);
    }
  } finally {
    await scenario.close();
  }
}

async function measure(scenario: SyncScenario, child: ChildProcess, agents: number) {
  const samples: number[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: WorkerProcessMessage) => {
      if (message.kind === 'ready') {
        resolve();
      } else {
        samples.push(message.rss);
      }
    });
    child.once('exit', (code) => reject(new WorkerProcessError(code)));
  });
  await ready;
  await new Promise((resolve) => setTimeout(resolve, restMs));
  const atRest = percentile(samples.splice(0), 50);
  const run = await scenario.sync('push');
  if (run.result.success !== agents) {
    throw new SyncBenchError('The measured push did not create a page per agent', run.result);
  }
  const peak = Math.max(atRest, ...samples);
  return writeBenchResult({
    name: 'sync-memory',
    unit: 'MiB',
    figures: {
      'worker RSS during the run (peak)': peak / mebibyte,
      'worker RSS at rest': atRest / mebibyte,
      'run wall seconds': run.wallMs / 1000,
    },
    candidate: 'worker RSS during the run (peak)',
    baseline: 'worker RSS at rest',
    checks: [],
    parameters: { agents, workload: 'first push, rate limits off', sampleEveryMs: 100 },
  });
}

async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  if (child.connected) {
    child.send({ kind: 'stop' });
  } else {
    child.kill('SIGTERM');
  }
  await exited;
}

function startWorkerProcess(stack: SyncStack, scenario: SyncScenario): ChildProcess {
  const settings: WorkerProcessSettings = {
    temporalAddress: stack.address,
    taskQueue: scenario.taskQueue,
    databaseUrl: scenario.database.url ?? '',
    notionBaseUrl: stack.emulator.baseUrl,
    notionToken: scenario.token,
    dataSourceId: scenario.dataSourceId,
  };
  return fork(workerEntry, [JSON.stringify(settings)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}
