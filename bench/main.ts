// Entry script of `npm run bench [-- --quick] [names...]`: runs the benchmarks one after another,
// each writing bench/results/<name>.json, and prints one Markdown table of their rows.
import { performance } from 'node:perf_hooks';

import { runApiBench } from './api';
import { runBatchInsertBench } from './batch-insert';
import { runEmulatorBench } from './notion-emulator';
import { runLimiterBench } from './notion-limiter';
import { markdownHeader } from './report';
import { runSseFanoutBench } from './sse-fanout';
import { runSyncBench } from './sync';
import { runTreeQueriesBench } from './tree-queries';

type Runner = (quick: boolean) => Promise<string[]>;

/** Every benchmark group, in the order they run; a name on the command line picks groups. */
const groups: Readonly<Record<string, Runner>> = {
  // First: its p99s are PostgreSQL's, and the batch benchmarks leave the server writing out
  // their rows (checkpoints, autovacuum) for minutes, which slowed every kind of read alike.
  'tree-queries': (quick) =>
    runTreeQueriesBench(quick ? { nodes: 50_000, samples: 300 } : { nodes: 1_000_000 }),
  'batch-insert': (quick) =>
    runBatchInsertBench(quick ? { rows: 10_000, singleRowSample: 500, repeats: 1 } : {}),
  'notion-limiter': async (quick) => [await runLimiterBench({ quick })],
  'notion-emulator': async (quick) => [await runEmulatorBench({ quick })],
  api: (quick) => runApiBench({ quick }),
  'sse-fanout': async (quick) => [await runSseFanoutBench({ quick })],
  sync: async (quick) => {
    const output = await runSyncBench({ quick });
    for (const [name, reason] of Object.entries(output.skipped)) {
      console.log(`${name}: ${reason}`);
    }
    return output.rows;
  },
};

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((name) => !(name in groups));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const selected = named.length > 0 ? named : Object.keys(groups);
  const rows: string[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const name of selected) {
    const run = groups[name];
    if (run === undefined) {
      continue;
    }
    const groupStarted = performance.now();
    try {
      rows.push(...(await run(quick)));
      console.log(`${name}: done in ${seconds(groupStarted)} s`);
    } catch (error) {
      failures.push(name);
      console.error(`${name}: failed:`, error);
    }
  }
  console.log(`\nBenchmarks${quick ? ' (quick)' : ''}: ${seconds(started)} s in all\n`);
  console.log([markdownHeader, ...rows].join('\n'));
  if (failures.length > 0) {
    console.error(`\nFailed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

await main();
