import { pathToFileURL } from 'node:url';
import pg from 'pg';

import type { Db } from '../db/client';
import { executeQuery } from '../db/execute-query';
import { getPathToRoot, getSubtree } from '../db/tree-queries';
import { createTestDatabase } from '../test/test-db';
import { intArgument, percentile, timeMs } from './measure';
import { markdownHeader, writeBenchResult } from './report';
import { buildClosure, generateForest, loadForest, type Forest } from './tree-forest';

/** Options of `runTreeQueriesBench`. */
export interface TreeBenchOptions {
  /** Nodes in the forest, in trees of 1,000. Default 1,000,000. */
  nodes?: number;
  /** Timed queries per kind. Default 2,000. */
  samples?: number;
}

type Query = (id: string) => Promise<unknown>;

const closurePath = `select n.id, n.stage, n.depth from node_closure c
  join conversation_nodes n on n.id = c.ancestor where c.descendant = $1 order by c.distance desc`;
const closureSubtree = `select n.id, n.parent_id, n.role, n.stage, n.message, n.depth, n.created_at
  from node_closure c join conversation_nodes n on n.id = c.descendant
  where c.ancestor = $1 and c.distance <= 100 order by c.distance, n.created_at, n.id limit 100`;

/**
 * Builds a forest of `nodes` conversation nodes (depth up to 100) and a closure table over it in
 * a scratch database of the `DATABASE_URL` server, then measures p50/p99 latency of
 * `getPathToRoot` and 100-node `getSubtree` against the closure table. Writes
 * bench/results/tree-path.json and tree-subtree.json and returns their Markdown rows.
 */
export async function runTreeQueriesBench(options: TreeBenchOptions = {}): Promise<string[]> {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') {
    console.log('tree-queries: skipped, DATABASE_URL is not set (a million nodes needs a server)');
    return [];
  }
  const nodes = options.nodes ?? 1_000_000;
  const samples = options.samples ?? 2_000;
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const forest = generateForest(nodes);
    const loadMs = await timeMs(() => loadForest(pool, forest));
    let closureRows = 0;
    const closureMs = await timeMs(async () => {
      closureRows = await buildClosure(pool);
    });
    const setup = { nodes, samples, trees: forest.treeCount, loadMs, closureMs, closureRows };
    return await measure(database.db, forest, setup);
  } finally {
    await pool.end();
    await database.close();
  }
}

async function measure(db: Db, forest: Forest, setup: Record<string, number>): Promise<string[]> {
  const samples = setup.samples ?? 0;
  const deep = pick(forest, samples, (index) => (forest.depths[index] ?? 0) >= 90);
  const hundreds = pick(forest, samples, (index) => isAround100(forest, index));
  const roots = pick(forest, samples, (index) => forest.parents[index] === -1);
  const subtree =
    (order: 'bfs' | 'dfs'): Query =>
    (id) =>
      getSubtree(db, id, { order, limit: 100 });
  const sql =
    (text: string): Query =>
    (id) =>
      executeQuery(db, text, [id]);

  const path = await latencies(deep, {
    'recursive CTE': (id) => getPathToRoot(db, id),
    'closure table': sql(closurePath),
  });
  const sub = {
    ...(await latencies(hundreds, {
      'CTE bfs': subtree('bfs'),
      'CTE dfs': subtree('dfs'),
      'closure table': sql(closureSubtree),
    })),
    ...(await latencies(roots, {
      'CTE bfs from root': subtree('bfs'),
      'CTE dfs from root': subtree('dfs'),
    })),
  };
  const parameters = { ...setup, pathDepthAtLeast: 90, subtreeSizeAround: 100 };
  const under5 = (figures: Record<string, number>, label: string) => ({
    label: `${label} < 5 ms`,
    isMet: (figures[label] ?? Number.POSITIVE_INFINITY) < 5,
  });
  // The adjacency list was chosen over a closure table; it must stay within 1.2x of one.
  const nearClosure = (figures: Record<string, number>, label: string) => ({
    label: `${label} <= 1.2x closure table p99`,
    isMet:
      (figures[label] ?? Number.POSITIVE_INFINITY) <=
      1.2 * (figures['closure table p99'] ?? Number.NaN),
  });
  return [
    await writeBenchResult({
      name: 'tree-path',
      unit: 'ms',
      figures: path,
      candidate: 'recursive CTE p99',
      baseline: 'closure table p99',
      checks: [under5(path, 'recursive CTE p99'), nearClosure(path, 'recursive CTE p99')],
      parameters,
    }),
    await writeBenchResult({
      name: 'tree-subtree',
      unit: 'ms',
      figures: sub,
      candidate: 'CTE bfs p99',
      baseline: 'closure table p99',
      checks: [
        under5(sub, 'CTE bfs p99'),
        under5(sub, 'CTE dfs p99'),
        nearClosure(sub, 'CTE bfs p99'),
        nearClosure(sub, 'CTE dfs p99'),
      ],
      parameters,
    }),
  ];
}

/**
 * p50 and p99 in ms of each query over `ids`, after a warm-up pass over a tenth of them. The
 * queries take turns on every id, so a disturbance of the shared machine hits them alike and
 * their ratio stays fair.
 */
async function latencies(ids: readonly string[], queries: Record<string, Query>) {
  const entries = Object.entries(queries);
  for (const id of ids.slice(0, Math.ceil(ids.length / 10))) {
    for (const [, query] of entries) {
      await query(id);
    }
  }
  const times = new Map<string, number[]>(entries.map(([label]) => [label, []]));
  for (const [index, id] of ids.entries()) {
    // Rotate who goes first, so none always meets the cache the other just warmed.
    for (let turn = 0; turn < entries.length; turn += 1) {
      const [label, query] = entries[(index + turn) % entries.length] ?? [];
      if (label !== undefined && query !== undefined) {
        times.get(label)?.push(await timeMs(() => query(id)));
      }
    }
  }
  return Object.fromEntries(
    [...times].flatMap(([label, samples]) => [
      [`${label} p50`, percentile(samples, 50)],
      [`${label} p99`, percentile(samples, 99)],
    ]),
  ) as Record<string, number>;
}

/** Nodes whose subtree holds 100 to 150 nodes: a 100-node read that is not the whole tree. */
function isAround100(forest: Forest, index: number): boolean {
  const size = forest.subtreeSizes[index] ?? 0;
  return forest.parents[index] !== -1 && size >= 100 && size <= 150;
}

/** `count` ids of nodes that satisfy `accept`, drawn at random with repeats if too few exist. */
function pick(forest: Forest, count: number, accept: (index: number) => boolean): string[] {
  const candidates = forest.ids.filter((_, index) => accept(index));
  if (candidates.length === 0) {
    throw new RangeError('The forest has no node of the kind the benchmark needs');
  }
  return Array.from(
    { length: count },
    () => candidates[Math.floor(Math.random() * candidates.length)] ?? '',
  );
}

async function main(): Promise<void> {
  const isQuick = process.argv.includes('--quick');
  const nodes = intArgument('nodes', isQuick ? 100_000 : 1_000_000);
  const rows = await runTreeQueriesBench({ nodes, samples: intArgument('samples', 2_000) });
  if (rows.length > 0) {
    console.log([markdownHeader, ...rows].join('\n'));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
