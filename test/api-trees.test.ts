import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { conversationNodes } from '../db/schema';
import { createUser } from '../api/auth/users';
import { createApiHarness, type ApiHarness } from './api-harness';

interface Node {
  id: string;
  treeId: string;
  parentId: string | null;
  depth: number;
  stage: string;
}

let harness: ApiHarness;
let operator: string;
let viewer: string;
let otherOperator: string;
let tree: { id: string; rootNodeId: string };

beforeAll(async () => {
  harness = await createApiHarness({ env: { TREE_MAX_DEPTH: '5' } });
  await createUser(harness.database.db, {
    email: 'other-op@example.test',
    password: 'other-operator-password',
    role: 'operator',
  });
  const other = await harness.call<{ accessToken: string }>('POST', '/auth/login', {
    json: { email: 'other-op@example.test', password: 'other-operator-password' },
  });
  otherOperator = other.body.accessToken;
  [operator, viewer] = await Promise.all([
    harness.tokenFor('operator'),
    harness.tokenFor('viewer'),
  ]);
  const created = await harness.call<{ tree: { id: string; rootNodeId: string } }>(
    'POST',
    '/trees',
    {
      token: operator,
      json: { title: 'Plastics', seed: { message: 'How do I recycle plastic?' } },
    },
  );
  tree = created.body.tree;
});

afterAll(async () => {
  await harness.close();
});

async function addNode(parentId: string, stage = 'branches_of_understanding') {
  return harness.call<{ node: Node; treePath: string[] }>('POST', '/nodes', {
    token: operator,
    json: { parentId, role: 'assistant', message: `Reply to ${parentId}`, stage },
  });
}

async function nodeCount(): Promise<number> {
  return (await harness.database.db.select().from(conversationNodes)).length;
}

describe('tree and node routes', () => {
  it('creates a tree whose root is a seed_of_inquiry at depth 0', async () => {
    const res = await harness.call<{ root: Node }>('GET', `/nodes/${tree.rootNodeId}`, {
      token: operator,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'seed_of_inquiry', depth: 0, parentId: null });
  });

  it('answers a new node id and its tree_path from the root', async () => {
    const child = await addNode(tree.rootNodeId);
    const grandchild = await addNode(child.body.node.id, 'leaves_of_application');
    expect(grandchild.status).toBe(201);
    expect(grandchild.body.treePath).toEqual([
      tree.rootNodeId,
      child.body.node.id,
      grandchild.body.node.id,
    ]);
    const path = await harness.call<{ treePath: string[] }>(
      'GET',
      `/nodes/${grandchild.body.node.id}/path`,
      { token: operator },
    );
    expect(path.body.treePath).toEqual(grandchild.body.treePath);
  });

  it('answers the subtree in BFS and DFS order, limited in depth', async () => {
    const a = await addNode(tree.rootNodeId);
    const a1 = await addNode(a.body.node.id);
    const b = await addNode(tree.rootNodeId);
    const bfs = await harness.call<{ nodes: Node[] }>(
      'GET',
      `/nodes/${tree.rootNodeId}/subtree?depth=2&order=bfs&limit=1000`,
      { token: operator },
    );
    const dfs = await harness.call<{ nodes: Node[] }>(
      'GET',
      `/nodes/${tree.rootNodeId}/subtree?depth=2&order=dfs&limit=1000`,
      { token: operator },
    );
    const shallow = await harness.call<{ nodes: Node[] }>(
      'GET',
      `/nodes/${tree.rootNodeId}/subtree?depth=1`,
      { token: operator },
    );
    const bfsIds = bfs.body.nodes.map((node) => node.id);
    const dfsIds = dfs.body.nodes.map((node) => node.id);
    expect(bfs.body.nodes.map((node) => node.depth)).toEqual(
      [...bfs.body.nodes.map((node) => node.depth)].sort((x, y) => x - y),
    );
    expect(bfsIds.indexOf(b.body.node.id)).toBeLessThan(bfsIds.indexOf(a1.body.node.id));
    expect(dfsIds.indexOf(a1.body.node.id)).toBe(dfsIds.indexOf(a.body.node.id) + 1);
    expect(shallow.body.nodes.every((node) => node.depth <= 1)).toBe(true);
  });

  it('refuses a subtree depth over the configured cap with 400', async () => {
    const res = await harness.call('GET', `/nodes/${tree.rootNodeId}/subtree?depth=6`, {
      token: operator,
    });
    expect(res.status).toBe(400);
  });

  it('refuses a node deeper than the cap with 422 and writes nothing', async () => {
    let parent = tree.rootNodeId;
    let status = 201;
    while (status === 201) {
      const res = await addNode(parent);
      status = res.status;
      if (res.status === 201) {
        parent = res.body.node.id;
      }
    }
    const before = await nodeCount();
    const res = await addNode(parent);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'depth_limit' } });
    expect(await nodeCount()).toBe(before);
  });

  it('refuses a parent in another tree than the one named with 422', async () => {
    const other = await harness.call<{ tree: { id: string } }>('POST', '/trees', {
      token: operator,
      json: { title: 'Other', seed: { message: 'Seed' } },
    });
    const res = await harness.call('POST', '/nodes', {
      token: operator,
      json: {
        treeId: other.body.tree.id,
        parentId: tree.rootNodeId,
        role: 'user',
        message: 'x',
        stage: 'roots_of_connection',
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'cross_tree_parent' } });
  });

  it('answers the visualization with stage-grouped nodes and parent links', async () => {
    const res = await harness.call<{ nodes: { id: string; stage: string }[]; links: unknown[] }>(
      'GET',
      `/trees/${tree.id}/visualization`,
      { token: operator },
    );
    expect(res.status).toBe(200);
    expect(res.body.nodes.length).toBe(res.body.links.length + 1);
    expect(res.body.nodes[0]).toMatchObject({ id: tree.rootNodeId, stage: 'seed_of_inquiry' });
  });
});

describe('tree ownership', () => {
  it('hides another user’s tree behind 404 on every read', async () => {
    const paths = [
      `/nodes/${tree.rootNodeId}`,
      `/nodes/${tree.rootNodeId}/path`,
      `/nodes/${tree.rootNodeId}/subtree`,
      `/trees/${tree.id}/visualization`,
    ];
    for (const path of paths) {
      // The owner reads first, so a cached answer must pass the same check.
      const own = await harness.call('GET', path, { token: operator });
      const res = await harness.call('GET', path, { token: otherOperator });
      expect(own.status, path).toBe(200);
      expect(res.status, path).toBe(404);
    }
  });

  it('refuses a node under another user’s tree and writes nothing', async () => {
    const before = await nodeCount();
    const res = await harness.call('POST', '/nodes', {
      token: otherOperator,
      json: {
        parentId: tree.rootNodeId,
        role: 'user',
        message: 'intrusion',
        stage: 'seed_of_inquiry',
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'parent_not_found' } });
    expect(await nodeCount()).toBe(before);
  });

  it('lets a viewer read nothing of an owned tree and create no tree', async () => {
    const read = await harness.call('GET', `/nodes/${tree.rootNodeId}`, { token: viewer });
    const create = await harness.call('POST', '/trees', {
      token: viewer,
      json: { title: 'x', seed: { message: 'y' } },
    });
    expect(read.status).toBe(404);
    expect(create.status).toBe(403);
  });
});

describe('POST /gbts', () => {
  it('creates a node through the envelope and answers success, node_id and tree_path', async () => {
    const res = await harness.call<{ success: boolean; node_id: string; tree_path: string[] }>(
      'POST',
      '/gbts',
      {
        token: operator,
        json: {
          action: 'create_node',
          data: { role: 'user', message: 'How do I recycle plastic?', parent_id: tree.rootNodeId },
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.tree_path).toEqual([tree.rootNodeId, res.body.node_id]);
  });

  it('traverses, visualizes and gets a path through the envelope', async () => {
    const actions = [
      { action: 'traverse', data: { node_id: tree.rootNodeId, depth: 1 } },
      { action: 'visualize', data: { tree_id: tree.id } },
      { action: 'get_path', data: { node_id: tree.rootNodeId } },
      { action: 'get_node', data: { node_id: tree.rootNodeId } },
    ];
    for (const json of actions) {
      const res = await harness.call('POST', '/gbts', { token: operator, json });
      expect(res.status, json.action).toBe(200);
      expect(res.body).toMatchObject({ success: true, action: json.action });
    }
  });

  it('answers success false with a 4xx for an unknown action or a forbidden one', async () => {
    const unknown = await harness.call('POST', '/gbts', {
      token: operator,
      json: { action: 'delete_everything', data: {} },
    });
    const forbidden = await harness.call('POST', '/gbts', {
      token: viewer,
      json: { action: 'create_tree', data: { title: 't', message: 'm' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ success: false, error: { code: 'validation_failed' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ success: false, error: { code: 'forbidden' } });
  });
});

describe('POST /query', () => {
  it('answers each query type in the { success, data, error } format', async () => {
    const agent = await harness.call<{ id: string }>('POST', '/agents', {
      token: operator,
      json: { name: 'Query target', role: 'q' },
    });
    const queries = [
      { type: 'agents', filters: { role: 'q' } },
      { type: 'tree', operation: 'path', id: tree.rootNodeId },
      { type: 'data', source: 'events', limit: 5 },
      { type: 'update', target: 'agent', id: agent.body.id, changes: { status: 'busy' } },
      { type: 'search', text: 'Query target' },
    ];
    for (const json of queries) {
      const res = await harness.call('POST', '/query', { token: operator, json });
      expect(res.status, json.type).toBe(200);
      expect(res.body).toMatchObject({ success: true, type: json.type, error: null });
    }
  });

  it('finds nodes only in trees the caller may read', async () => {
    const mine = await harness.call<{ data: { hits: unknown[] } }>('POST', '/query', {
      token: operator,
      json: { type: 'search', text: 'recycle plastic', scope: ['nodes'] },
    });
    const theirs = await harness.call<{ data: { hits: unknown[] } }>('POST', '/query', {
      token: otherOperator,
      json: { type: 'search', text: 'recycle plastic', scope: ['nodes'] },
    });
    expect(mine.body.data.hits.length).toBeGreaterThan(0);
    expect(theirs.body.data.hits).toEqual([]);
  });

  it('refuses an update query from a viewer with success false and data null', async () => {
    const res = await harness.call('POST', '/query', {
      token: viewer,
      json: { type: 'update', target: 'agent', id: crypto.randomUUID(), changes: { name: 'x' } },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, data: null, error: { code: 'forbidden' } });
  });
});
