import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { markdownHeader } from './report';
import { runMemoryBench } from './sync-memory';
import { runOverheadBench } from './sync-overhead';
import { runRequestBench } from './sync-requests';
import { startSyncStack, type SyncStack } from './sync-stack';
import { runThroughputBench } from './sync-throughput';

/** The sync benchmarks, each runnable alone. */
export const syncBenchNames = [
  'sync-requests',
  'sync-throughput',
  'sync-overhead',
  'sync-memory',
] as const;

export type SyncBenchName = (typeof syncBenchNames)[number];

/** Options of `runSyncBench`. */
export interface SyncBenchOptions {
  /** Small sizes, for CI (about a minute in all). Default false. */
  quick?: boolean;
  /** The benchmarks to run; default all of `syncBenchNames`. */
  only?: readonly SyncBenchName[];
}

/** The Markdown rows of the results written, and why any benchmark was skipped. */
export interface SyncBenchOutput {
  rows: string[];
  skipped: Partial<Record<SyncBenchName, string>>;
}

interface Sizes {
  requestAgents: number;
  throughputAgents: number;
  overheadAgents: number;
  overheadRepeats: number;
  memoryAgents: number;
}

const fullSizes: Sizes = {
  requestAgents: 10_000,
  throughputAgents: 2_000,
  overheadAgents: 2_000,
  overheadRepeats: 5,
  memoryAgents: 10_000,
};

const quickSizes: Sizes = {
  requestAgents: 1_000,
  throughputAgents: 60,
  overheadAgents: 200,
  overheadRepeats: 1,
  memoryAgents: 1_000,
};

/**
 * Runs the sync benchmarks against one Temporal dev server and one Notion emulator: request
 * efficiency with the naive loop as peer (`sync-requests`), throughput under the 3/s limit,
 * engine overhead against a plain script, and worker memory. Each writes bench/results/*.json.
 */
export async function runSyncBench(options: SyncBenchOptions = {}): Promise<SyncBenchOutput> {
  const sizes = options.quick === true ? quickSizes : fullSizes;
  const selected = new Set(options.only ?? syncBenchNames);
  const output: SyncBenchOutput = { rows: [], skipped: {} };
  const started = performance.now();
  const stack = await startSyncStack();
  stack.logger.info({ ms: Math.round(performance.now() - started) }, 'Started the sync stack');
  try {
    for (const name of syncBenchNames.filter((entry) => selected.has(entry))) {
      const started = performance.now();
      const rows = await runOne(stack, name, sizes);
      stack.logger.info({ name, ms: Math.round(performance.now() - started) }, 'Ran a benchmark');
      if (rows === undefined) {
        output.skipped[name] = 'skipped: DATABASE_URL unset (the worker process needs a server)';
      } else {
        output.rows.push(...rows);
      }
    }
  } finally {
    await stack.close();
  }
  return output;
}

async function runOne(
  stack: SyncStack,
  name: SyncBenchName,
  sizes: Sizes,
): Promise<string[] | undefined> {
  switch (name) {
    case 'sync-requests':
      return runRequestBench(stack, sizes.requestAgents);
    case 'sync-throughput':
      return [await runThroughputBench(stack, sizes.throughputAgents)];
    case 'sync-overhead':
      return runOverheadBench(stack, sizes.overheadAgents, sizes.overheadRepeats);
    case 'sync-memory': {
      const row = await runMemoryBench(stack, sizes.memoryAgents);
      return row === undefined ? undefined : [row];
    }
  }
}

async function main(): Promise<void> {
  const only = syncBenchNames.filter((name) => process.argv.includes(name));
  const output = await runSyncBench({
    quick: process.argv.includes('--quick'),
    only: only.length > 0 ? only : undefined,
  });
  console.log([markdownHeader, ...output.rows].join('\n'));
  for (const [name, reason] of Object.entries(output.skipped)) {
    console.log(`${name}: ${reason}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
