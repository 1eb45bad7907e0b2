import { appendEvent } from '../../db/events';
import type { Db } from '../../db/client';
import { transaction } from '../../db/transaction';
import {
  createNode,
  createTree,
  getPathToRoot,
  getSubtree,
  getTreeVisualization,
  type ConversationNode,
  type NewNode,
  type PathEntry,
  type SubtreeNode,
  type TreeVisualization,
} from '../../db/tree-queries';
import type { AuthUser } from '../auth/permissions';
import { InvalidRequestError, NotFoundError } from '../errors';
import type { PathCache } from './path-cache';
import {
  assertTreeAccess,
  canAccessTree,
  findNodeWithOwner,
  findTreeOwner,
  nodeForUser,
} from './tree-access';

/** A node in the API's shape. */
export function toNodeDto(node: ConversationNode) {
  return {
    id: node.id,
    treeId: node.treeId,
    parentId: node.parentId,
    role: node.role,
    message: node.message,
    stage: node.stage,
    depth: node.depth,
    createdAt: node.createdAt.toISOString(),
  };
}

/** Creates a tree owned by `user` with its seed node. */
export async function createTreeFor(
  db: Db,
  user: AuthUser,
  input: { title: string; seed: { role: ConversationNode['role']; message: string } },
) {
  const { tree, root } = await createTree(db, { ...input, ownerId: user.id });
  return {
    tree: {
      id: tree.id,
      title: tree.title,
      ownerId: tree.ownerId,
      rootNodeId: root.id,
      createdAt: tree.createdAt.toISOString(),
    },
    root: toNodeDto(root),
  };
}

/**
 * Adds a node under a parent the user may write to and records `node.created`. A parent that is
 * missing or in someone else's tree is the same `parent_not_found`, so ids do not leak.
 */
export async function createNodeFor(db: Db, user: AuthUser, input: NewNode, maxDepth: number) {
  const parent = await findNodeWithOwner(db, input.parentId);
  const owner = parent && { treeId: parent.node.treeId, ownerId: parent.ownerId };
  if (owner === undefined || !canAccessTree(user, owner, 'write')) {
    const { parentId } = input;
    throw new InvalidRequestError('parent_not_found', `Parent node ${parentId} does not exist`, {
      parentId,
    });
  }
  return transaction(db, async (tx) => {
    const { node, treePath } = await createNode(tx, input, { maxDepth });
    await appendEvent(tx, 'node.created', {
      id: node.id,
      treeId: node.treeId,
      parentId: node.parentId,
      stage: node.stage,
      depth: node.depth,
    });
    return { node: toNodeDto(node), treePath: treePath.map((entry) => entry.id), path: treePath };
  });
}

/** The node, if the user may read its tree. */
export async function getNodeFor(db: Db, user: AuthUser, id: string) {
  return toNodeDto(await nodeForUser(db, user, id, 'read'));
}

/**
 * The path from the root down to the node. With `cache`, a path read once is served from memory
 * afterwards (nodes never move), after the same access check.
 */
export async function getPathFor(
  db: Db,
  user: AuthUser,
  id: string,
  cache?: PathCache,
): Promise<{ treePath: string[]; path: PathEntry[] }> {
  const cached = cache?.get(id);
  if (cached !== undefined) {
    if (!canAccessTree(user, cached.owner, 'read')) {
      throw new NotFoundError('Node', id);
    }
    return pathBody(cached.path);
  }
  // Both reads at once: one round trip of latency instead of two. A path the user may not see
  // is dropped unread when the access check throws.
  const [row, path] = await Promise.all([
    findNodeWithOwner(db, id),
    getPathToRoot(db, id).catch((error: unknown) => error),
  ]);
  const owner = row && { treeId: row.node.treeId, ownerId: row.ownerId };
  assertTreeAccess(user, owner, 'read', new NotFoundError('Node', id));
  if (path instanceof Error) {
    throw path;
  }
  cache?.set(owner, path as PathEntry[]);
  return pathBody(path as PathEntry[]);
}

function pathBody(path: PathEntry[]): { treePath: string[]; path: PathEntry[] } {
  return { treePath: path.map((entry) => entry.id), path };
}

/** The node's subtree, down to `depth` levels, in BFS or DFS order. */
export async function getSubtreeFor(
  db: Db,
  user: AuthUser,
  id: string,
  options: { depth: number; order: 'bfs' | 'dfs'; limit: number },
) {
  await nodeForUser(db, user, id, 'read');
  const { depth, order, limit } = options;
  const nodes = await getSubtree(db, id, { maxDepth: depth, order, limit });
  return { nodes: nodes.map(toSubtreeDto) };
}

function toSubtreeDto(node: SubtreeNode) {
  return { ...node, createdAt: node.createdAt.toISOString() };
}

/** The tree as `{ nodes, links }` with the GBTS stage as each node's group. */
export async function visualizeFor(
  db: Db,
  user: AuthUser,
  treeId: string,
): Promise<TreeVisualization> {
  assertTreeAccess(
    user,
    await findTreeOwner(db, treeId),
    'read',
    new NotFoundError('Tree', treeId),
  );
  return getTreeVisualization(db, treeId);
}
