import { setTimeout as sleep } from 'node:timers/promises';

import { emulatorArgs, withServerProcess } from './emulator-process';
import { SyncBenchError } from './errors';
import { timeMs } from './measure';
import { writeBenchResult } from './report';
import { childProcessNotion, inProcessNotion, type ScenarioNotion } from './scenario-notion';
import { seedBenchAgents } from './sync-agents';
import { plainPush } from './sync-plain-push';
import { openScenario } from './sync-scenario';
import { emptyDatabase, type SyncStack } from './sync-stack';

type Method = 'plain script' | 'engine, 1 worker' | 'engine, 4 workers';

const methods: readonly Method[] = ['plain script', 'engine, 1 worker', 'engine, 4 workers'];
const warmUpAgents = 20;

/** The services a measurement uses: the stack, and the emulator that plays Notion. */
interface Bench {
  stack: SyncStack;
  notion: ScenarioNotion;
}

/**
 * Where Notion runs: in a process of its own, as Notion's servers are not the engine's (the
 * checked case), or in the benchmark's process, where its work takes turns on the thread that
 * runs the activities and the Temporal worker's side of each task (reported beside it).
 */
type Placement = 'child process' | 'in process';

const placements: readonly Placement[] = ['child process', 'in process'];

/**
 * Measures the wall time of a first push of `agents` agents through the whole engine (Temporal,
 * plans, links; 1 and then 4 workers on the task queue) against a plain script that sends the
 * same Notion calls, rate limits off, with Notion in a child process and then in this one. Each
 * method gets a fresh database and data source every time, and the workers have run a sync of
 * nothing before the measured one, as long-lived workers have; methods take turns, each round
 * starting with another, and the fastest of `repeats` counts. Writes sync-overhead-1-worker.json
 * and sync-overhead-4-workers.json (Notion in a child process, checked), their
 * sync-overhead-in-process-* counterparts (reported) and sync-overhead-latency.json.
 */
export function runOverheadBench(
  stack: SyncStack,
  agents: number,
  repeats: number,
): Promise<string[]> {
  return withServerProcess(emulatorArgs, async (server) => {
    const benches: Record<Placement, Bench> = {
      'child process': { stack, notion: childProcessNotion(server) },
      'in process': { stack, notion: inProcessNotion(stack.emulator) },
    };
    for (const placement of placements) {
      for (const method of methods) {
        await timeMethod(benches[placement], method, warmUpAgents);
      }
    }
    const fastest = new Map<string, number>();
    for (let round = 0; round < repeats; round += 1) {
      for (const placement of rotated(placements, round)) {
        for (const method of rotated(methods, round)) {
          const ms = await timeMethod(benches[placement], method, agents);
          const key = `${placement}: ${method}`;
          fastest.set(key, Math.min(fastest.get(key) ?? Number.POSITIVE_INFINITY, ms));
        }
      }
    }
    const figuresOf = (placement: Placement) =>
      Object.fromEntries(
        methods.map((method) => [method, fastest.get(`${placement}: ${method}`) ?? Number.NaN]),
      ) as Record<Method, number>;
    const sizes = { agents, repeats };
    const rows: string[] = [];
    for (const placement of placements) {
      const figures = figuresOf(placement);
      const name = placement === 'child process' ? 'sync-overhead' : 'sync-overhead-in-process';
      rows.push(await report(`${name}-1-worker`, 'engine, 1 worker', figures, sizes, placement));
      rows.push(await report(`${name}-4-workers`, 'engine, 4 workers', figures, sizes, placement));
    }
    rows.push(
      await runLatencyOverhead(benches['child process'], Math.max(20, Math.round(agents / 5))),
    );
    return rows;
  });
}

/** `items` starting from the one at `start`, modulo their count. */
function rotated<T>(items: readonly T[], start: number): T[] {
  const offset = start % items.length;
  return [...items.slice(offset), ...items.slice(0, offset)];
}

/** Milliseconds each page create takes in the latency case: closer to Notion than zero. */
const createLatencyMs = 20;

/**
 * The same comparison with every page create taking `createLatencyMs` in the emulator, as a
 * round trip to Notion does: the plain script waits for each create in turn, the engine keeps
 * `SYNC_CONCURRENCY` creates of a batch in flight. Writes sync-overhead-latency.json.
 */
async function runLatencyOverhead(bench: Bench, agents: number): Promise<string> {
  const methods = ['plain script', 'engine, 1 worker'] as const;
  const figures: Partial<Record<Method, number>> = {};
  for (const method of methods) {
    figures[method] = await timeMethod(bench, method, agents, createLatencyMs);
  }
  return writeBenchResult({
    name: 'sync-overhead-latency',
    unit: 'ms',
    figures,
    candidate: 'engine, 1 worker',
    baseline: 'plain script',
    checks: [
      {
        label: `engine, 1 worker <= 1.5x the plain script at ${createLatencyMs} ms per create`,
        isMet: (figures['engine, 1 worker'] ?? 0) <= 1.5 * (figures['plain script'] ?? 0),
      },
    ],
    parameters: {
      agents,
      createLatencyMs,
      workload: 'first push, rate limits off',
      notion: placementLabels['child process'],
    },
  });
}

async function timeMethod(
  bench: Bench,
  method: Method,
  agents: number,
  latencyMs = 0,
): Promise<number> {
  const scenario = await openScenario(bench.stack, { notion: bench.notion });
  if (latencyMs > 0) {
    await bench.notion.addLatency({ ms: latencyMs, method: 'POST', path: '/v1/pages' });
  }
  try {
    if (method === 'plain script') {
      await seedBenchAgents(scenario.database.db, agents);
      await settle();
      const { db } = scenario.database;
      return await timeMs(() => plainPush(db, scenario.integration, scenario.dataSourceId));
    }
    await scenario.startWorkers(method === 'engine, 1 worker' ? 1 : 4);
    // Workers run for months: the measured run is not their first, as the script's code is warm.
    await scenario.sync('push');
    await emptyDatabase(scenario.database);
    await seedBenchAgents(scenario.database.db, agents);
    await settle();
    const run = await scenario.sync('push');
    if (run.result.success !== agents) {
      throw new SyncBenchError('The push did not create a page per agent', run.result);
    }
    return run.wallMs;
  } finally {
    await scenario.close();
  }
}

/**
 * Lets the work the last measurement left behind die down (the Temporal server's history and
 * visibility tasks, PostgreSQL's writes after a truncate and a seed), so that no method is timed
 * in another one's wake.
 */
function settle(): Promise<void> {
  return sleep(settleMs);
}

const settleMs = 1_000;

/**
 * Writes one result file; only the figures with Notion in a child process are checked, since a
 * real Notion never shares the engine's thread. The in-process ones show what that sharing
 * costs each side.
 */
function report(
  name: string,
  candidate: Method,
  figures: Record<Method, number>,
  sizes: { agents: number; repeats: number },
  placement: Placement,
): Promise<string> {
  const check = {
    label: `${candidate} <= 1.5x the plain script`,
    isMet: figures[candidate] <= 1.5 * figures['plain script'],
  };
  return writeBenchResult({
    name,
    unit: 'ms',
    figures: { ...figures, 'ms per agent': figures[candidate] / sizes.agents },
    candidate,
    baseline: 'plain script',
    checks: placement === 'child process' ? [check] : [],
    parameters: {
      ...sizes,
      workload: 'first push, rate limits off',
      database: databaseKind(),
      notion: placementLabels[placement],
    },
  });
}

const placementLabels: Record<Placement, string> = {
  'child process': 'emulator in a child process',
  'in process': 'emulator in the benchmark process',
};

function databaseKind(): string {
  return process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === ''
    ? 'pglite'
    : 'postgres';
}
