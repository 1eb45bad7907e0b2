import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { gbtsStages } from '../db/schema';

/** A generated forest: ids, parents, depths and subtree sizes, index-aligned. */
export interface Forest {
  ids: string[];
  treeIds: string[];
  parents: number[];
  depths: number[];
  subtreeSizes: number[];
  treeCount: number;
}

const nodesPerTree = 1_000;
const maxDepth = 100;

/**
 * Builds `nodeCount` nodes in trees of 1,000. Every tenth tree first grows a chain 100 levels
 * deep; after that each new node answers the previous one half of the time, else a random
 * earlier node, as conversations do. A seeded generator makes every run build the same shape.
 */
export function generateForest(nodeCount: number): Forest {
  const forest: Forest = {
    ids: [],
    treeIds: [],
    parents: [],
    depths: [],
    subtreeSizes: [],
    treeCount: 0,
  };
  const random = seededRandom(20_240_229);
  for (let first = 0; first < nodeCount; first += nodesPerTree) {
    const size = Math.min(nodesPerTree, nodeCount - first);
    const spine = forest.treeCount % 10 === 0 ? maxDepth : 0;
    growTree(forest, first, size, spine, random);
    forest.treeCount += 1;
  }
  return forest;
}

function growTree(
  forest: Forest,
  first: number,
  size: number,
  spine: number,
  random: () => number,
) {
  const treeId = randomUUID();
  for (let offset = 0; offset < size; offset += 1) {
    const index = first + offset;
    let parent = -1;
    if (offset > 0) {
      const isReply = offset <= spine || random() < 0.5;
      parent = isReply ? index - 1 : first + Math.floor(random() * offset);
      parent = (forest.depths[parent] ?? 0) >= maxDepth ? first : parent;
    }
    forest.ids.push(randomUUID());
    forest.treeIds.push(treeId);
    forest.parents.push(parent);
    forest.depths.push(parent === -1 ? 0 : (forest.depths[parent] ?? 0) + 1);
    forest.subtreeSizes.push(1);
    for (let up = parent; up !== -1; up = forest.parents[up] ?? -1) {
      forest.subtreeSizes[up] = (forest.subtreeSizes[up] ?? 0) + 1;
    }
  }
}

/** Loads the forest into conversation_trees and conversation_nodes with COPY. */
export async function loadForest(pool: pg.Pool, forest: Forest): Promise<void> {
  const client = await pool.connect();
  try {
    const roots = forest.parents.flatMap((parent, index) => (parent === -1 ? [index] : []));
    const treeLines = roots.map(
      (root) => `${forest.treeIds[root]}\ttree ${root}\t${forest.ids[root]}\n`,
    );
    await pipeline(
      Readable.from([treeLines.join('')]),
      client.query(copyFrom('copy conversation_trees (id, title, root_node_id) from stdin')),
    );
    await pipeline(
      Readable.from(nodeLines(forest)),
      client.query(
        copyFrom(
          `copy conversation_nodes (id, tree_id, parent_id, role, message, stage, depth)
           from stdin`,
        ),
      ),
    );
    await client.query('vacuum analyze conversation_trees, conversation_nodes');
  } finally {
    client.release();
  }
}

function* nodeLines(forest: Forest, batch = 10_000): Generator<string> {
  for (let start = 0; start < forest.ids.length; start += batch) {
    const lines: string[] = [];
    for (let index = start; index < Math.min(start + batch, forest.ids.length); index += 1) {
      const parent = forest.parents[index] ?? -1;
      const depth = forest.depths[index] ?? 0;
      const stage = gbtsStages[depth % gbtsStages.length] ?? 'seed_of_inquiry';
      const role = depth % 2 === 0 ? 'user' : 'assistant';
      const parentId = parent === -1 ? '\\N' : forest.ids[parent];
      const fields = [forest.ids[index], forest.treeIds[index], parentId, role];
      lines.push([...fields, `message ${index}`, stage, depth].join('\t'));
    }
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * The closure-table baseline: one row per (ancestor, descendant) pair with their distance,
 * indexed both ways. Returns how many rows it holds.
 */
export async function buildClosure(pool: pg.Pool): Promise<number> {
  await pool.query(`create unlogged table node_closure (
    ancestor uuid not null, descendant uuid not null, distance int not null)`);
  await pool.query(`insert into node_closure
    with recursive pairs as (
      select id as ancestor, id as descendant, 0 as distance from conversation_nodes
      union all
      select p.ancestor, n.id, p.distance + 1
      from pairs p join conversation_nodes n on n.parent_id = p.descendant
    )
    select * from pairs`);
  await pool.query('create index node_closure_up on node_closure (descendant, distance)');
  await pool.query('create index node_closure_down on node_closure (ancestor, distance)');
  await pool.query('vacuum analyze node_closure');
  const { rows } = await pool.query<{ count: string }>(
    'select count(*) as count from node_closure',
  );
  return Number(rows[0]?.count ?? 0);
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
