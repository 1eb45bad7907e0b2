import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { executeQuery } from './execute-query';
import {
  createNode,
  createTree,
  getPathToRoot,
  getSubtree,
  getTreeVisualization,
  type GbtsStage,
} from './tree-queries';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function nodeCount(): Promise<number> {
  const { rows } = await executeQuery<{ n: number }>(
    database.db,
    'select count(*)::int as n from conversation_nodes',
  );
  return rows[0]?.n ?? -1;
}

/** root -> a, b; a -> a1, a2; b -> b1; a1 -> a1x (created in that order). */
async function sampleTree() {
  const { tree, root } = await createTree(database.db, {
    title: 'Plastic recycling',
    seed: { role: 'user', message: 'How do I recycle plastic?' },
  });
  const add = async (parentId: string, message: string, stage: GbtsStage) =>
    (await createNode(database.db, { parentId, role: 'assistant', message, stage })).node.id;
  const a = await add(root.id, 'a', 'branches_of_understanding');
  const b = await add(root.id, 'b', 'branches_of_understanding');
  const a1 = await add(a, 'a1', 'leaves_of_application');
  const a2 = await add(a, 'a2', 'leaves_of_application');
  const b1 = await add(b, 'b1', 'roots_of_connection');
  const a1x = await add(a1, 'a1x', 'harvest_of_wisdom');
  return { tree, root: root.id, a, b, a1, a2, b1, a1x };
}

describe('createTree and createNode', () => {
  it('creates a tree with its seed as the root node', async () => {
    const { tree, root } = await createTree(database.db, {
      title: 'Composting',
      seed: { role: 'user', message: 'Where do I start?' },
    });
    expect(tree).toMatchObject({ title: 'Composting', rootNodeId: root.id, ownerId: null });
    expect(root).toMatchObject({
      treeId: tree.id,
      parentId: null,
      depth: 0,
      stage: 'seed_of_inquiry',
      role: 'user',
      message: 'Where do I start?',
    });
  });

  it('returns the new node with its path from the root', async () => {
    const ids = await sampleTree();
    const { node, treePath } = await createNode(database.db, {
      treeId: ids.tree.id,
      parentId: ids.a1x,
      role: 'agent',
      message: 'deeper',
      stage: 'forest_of_exploration',
    });
    expect(node).toMatchObject({ treeId: ids.tree.id, parentId: ids.a1x, depth: 4 });
    expect(treePath).toEqual([
      { id: ids.root, stage: 'seed_of_inquiry', depth: 0 },
      { id: ids.a, stage: 'branches_of_understanding', depth: 1 },
      { id: ids.a1, stage: 'leaves_of_application', depth: 2 },
      { id: ids.a1x, stage: 'harvest_of_wisdom', depth: 3 },
      { id: node.id, stage: 'forest_of_exploration', depth: 4 },
    ]);
  });

  it('refuses a parent that does not exist', async () => {
    const input = { role: 'user', message: 'm', stage: 'seed_of_inquiry' } as const;
    for (const parentId of ['7f9a0c52-1111-4a4a-8b8b-000000000000', 'not-a-uuid']) {
      await expect(createNode(database.db, { ...input, parentId })).rejects.toMatchObject({
        name: 'ParentNotFoundError',
        parentId,
      });
    }
  });

  it('refuses a parent that belongs to another tree, writing nothing', async () => {
    const first = await sampleTree();
    const second = await sampleTree();
    const before = await nodeCount();
    const attempt = createNode(database.db, {
      treeId: second.tree.id,
      parentId: first.a,
      role: 'user',
      message: 'm',
      stage: 'branches_of_understanding',
    });
    await expect(attempt).rejects.toMatchObject({
      name: 'CrossTreeParentError',
      treeId: second.tree.id,
      parentTreeId: first.tree.id,
    });
    expect(await nodeCount()).toBe(before);
  });

  it('refuses a node deeper than the cap', async () => {
    const ids = await sampleTree();
    const input = { role: 'user', message: 'm', stage: 'seed_of_inquiry' } as const;
    await expect(
      createNode(database.db, { ...input, parentId: ids.a1x }, { maxDepth: 3 }),
    ).rejects.toMatchObject({ name: 'DepthLimitError', depth: 4, maxDepth: 3 });
    const { node } = await createNode(database.db, { ...input, parentId: ids.a1 }, { maxDepth: 3 });
    expect(node.depth).toBe(3);
  });

  it('refuses the default cap of 100 levels', async () => {
    const { root } = await createTree(database.db, {
      title: 'deep',
      seed: { role: 'user', message: '0' },
    });
    let parentId = root.id;
    const chain = Array.from({ length: 100 }, (_, index) => ({
      id: crypto.randomUUID(),
      depth: index + 1,
    }));
    for (const link of chain) {
      await executeQuery(
        database.db,
        `insert into conversation_nodes (id, tree_id, parent_id, role, message, stage, depth)
         select $1, tree_id, $2, 'user', 'm', 'seed_of_inquiry', $3
         from conversation_nodes where id = $2`,
        [link.id, parentId, link.depth],
      );
      parentId = link.id;
    }
    const input = { parentId, role: 'user', message: 'm', stage: 'seed_of_inquiry' } as const;
    await expect(createNode(database.db, input)).rejects.toMatchObject({
      name: 'DepthLimitError',
      depth: 101,
      maxDepth: 100,
    });
    expect(await getPathToRoot(database.db, parentId)).toHaveLength(101);
  });

  it('refuses a NUL character in the message, writing nothing', async () => {
    const ids = await sampleTree();
    const before = await nodeCount();
    const attempt = createNode(database.db, {
      parentId: ids.root,
      role: 'user',
      message: 'a\u0000b',
      stage: 'seed_of_inquiry',
    });
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidValueError',
      field: 'node.message',
    });
    expect(await nodeCount()).toBe(before);
  });
});

describe('getPathToRoot', () => {
  it('lists the path root first and refuses an unknown node', async () => {
    const ids = await sampleTree();
    const path = await getPathToRoot(database.db, ids.b1);
    expect(path.map((entry) => entry.id)).toEqual([ids.root, ids.b, ids.b1]);
    await expect(getPathToRoot(database.db, crypto.randomUUID())).rejects.toMatchObject({
      name: 'NodeNotFoundError',
    });
  });
});

describe('getSubtree', () => {
  it('walks breadth-first, level by level, oldest sibling first', async () => {
    const ids = await sampleTree();
    const nodes = await getSubtree(database.db, ids.root, { order: 'bfs' });
    expect(nodes.map((node) => node.id)).toEqual([
      ids.root,
      ids.a,
      ids.b,
      ids.a1,
      ids.a2,
      ids.b1,
      ids.a1x,
    ]);
    expect(nodes[1]).toMatchObject({
      parentId: ids.root,
      depth: 1,
      message: 'a',
      role: 'assistant',
    });
    expect(nodes[1]?.createdAt).toBeInstanceOf(Date);
  });

  it('walks depth-first in pre-order', async () => {
    const ids = await sampleTree();
    const nodes = await getSubtree(database.db, ids.root, { order: 'dfs' });
    expect(nodes.map((node) => node.id)).toEqual([
      ids.root,
      ids.a,
      ids.a1,
      ids.a1x,
      ids.a2,
      ids.b,
      ids.b1,
    ]);
  });

  it('stops at maxDepth levels below the node', async () => {
    const ids = await sampleTree();
    for (const order of ['bfs', 'dfs'] as const) {
      const nodes = await getSubtree(database.db, ids.a, { order, maxDepth: 1 });
      expect(nodes.map((node) => node.id).sort()).toEqual([ids.a, ids.a1, ids.a2].sort());
    }
    const alone = await getSubtree(database.db, ids.a, { maxDepth: 0 });
    expect(alone.map((node) => node.id)).toEqual([ids.a]);
  });

  it('cuts at the limit, keeping every shallower level whole', async () => {
    const ids = await sampleTree();
    const bfs = await getSubtree(database.db, ids.root, { order: 'bfs', limit: 4 });
    expect(bfs.slice(0, 3).map((node) => node.id)).toEqual([ids.root, ids.a, ids.b]);
    expect([ids.a1, ids.a2, ids.b1]).toContain(bfs[3]?.id);
    const dfs = await getSubtree(database.db, ids.root, { order: 'dfs', limit: 4 });
    expect(dfs.map((node) => node.id)).toEqual([ids.root, ids.a, ids.a1, ids.a1x]);
  });

  it('refuses an unknown node and options out of range', async () => {
    const ids = await sampleTree();
    await expect(getSubtree(database.db, crypto.randomUUID())).rejects.toMatchObject({
      name: 'NodeNotFoundError',
    });
    await expect(getSubtree(database.db, ids.root, { limit: 0 })).rejects.toMatchObject({
      name: 'InvalidValueError',
      field: 'limit',
    });
  });
});

describe('getTreeVisualization', () => {
  it('returns every node with a label and one link per parent-child pair', async () => {
    const ids = await sampleTree();
    const long = await createNode(database.db, {
      parentId: ids.b1,
      role: 'system',
      message: 'x'.repeat(200),
      stage: 'canopy_of_synthesis',
    });
    const view = await getTreeVisualization(database.db, ids.tree.id);
    expect(view.nodes).toHaveLength(8);
    expect(view.nodes[0]).toEqual({
      id: ids.root,
      label: 'How do I recycle plastic?',
      stage: 'seed_of_inquiry',
      role: 'user',
    });
    const label = view.nodes.find((node) => node.id === long.node.id)?.label ?? '';
    expect(label).toHaveLength(80);
    expect(label.endsWith('…')).toBe(true);
    expect(view.links).toHaveLength(7);
    expect(view.links).toContainEqual({ source: ids.a1, target: ids.a1x });
    expect(view.links).toContainEqual({ source: ids.b1, target: long.node.id });
  });

  it('refuses an unknown tree', async () => {
    await expect(getTreeVisualization(database.db, crypto.randomUUID())).rejects.toMatchObject({
      name: 'TreeNotFoundError',
    });
  });
});
