import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';

import { assertNoNul } from './assert-no-nul';
import type { Db } from './client';
import {
  CrossTreeParentError,
  DepthLimitError,
  InvalidValueError,
  NodeNotFoundError,
  ParentNotFoundError,
  TreeNotFoundError,
} from './errors';
import { executeSql } from './execute-query';
import { conversationNodes, conversationTrees, type gbtsStages, type nodeRoles } from './schema';
import { transaction } from './transaction';
import { pathToRootSql, subtreeBfsSql, subtreeDfsSql, treeNodesSql } from './tree-sql';

export type NodeRole = (typeof nodeRoles)[number];
export type GbtsStage = (typeof gbtsStages)[number];
export type ConversationNode = typeof conversationNodes.$inferSelect;
export type ConversationTree = typeof conversationTrees.$inferSelect;

/** One step of a path from the root: the node's id, GBTS stage and depth (root = 0). */
export interface PathEntry {
  id: string;
  stage: GbtsStage;
  depth: number;
}

/** What `createTree` needs: a title, an optional owner and the seed (root) message. */
export interface NewTree {
  title: string;
  ownerId?: string;
  seed: { role: NodeRole; message: string };
}

/** What `createNode` needs; `treeId`, when given, must be the tree of the parent. */
export interface NewNode {
  treeId?: string;
  parentId: string;
  role: NodeRole;
  message: string;
  stage: GbtsStage;
}

/** Options of `createNode`. */
export interface CreateNodeOptions {
  /** The deepest a node may sit; the root has depth 0. Default 100. */
  maxDepth?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is shaped like a UUID; no row can have any other id. */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

/** Creates a tree and its root node (stage `seed_of_inquiry`, depth 0) in one transaction. */
export async function createTree(
  db: Db,
  input: NewTree,
): Promise<{ tree: ConversationTree; root: ConversationNode }> {
  assertNoNul(input, 'tree');
  const rootId = randomUUID();
  return transaction(db, async (tx) => {
    const [tree] = await tx
      .insert(conversationTrees)
      .values({ title: input.title, ownerId: input.ownerId, rootNodeId: rootId })
      .returning();
    const treeId = (tree as ConversationTree).id;
    const [root] = await tx
      .insert(conversationNodes)
      .values({ id: rootId, treeId, ...input.seed, stage: 'seed_of_inquiry', depth: 0 })
      .returning();
    return { tree: tree as ConversationTree, root: root as ConversationNode };
  });
}

/**
 * Adds a node under `parentId` and returns it with its path from the root. Throws
 * `ParentNotFoundError`, `CrossTreeParentError` when `treeId` names another tree than the
 * parent's, `DepthLimitError` past `maxDepth`, and `InvalidValueError` for a NUL character.
 * Nodes never move, so the parent links cannot form a cycle.
 */
export async function createNode(
  db: Db,
  input: NewNode,
  options: CreateNodeOptions = {},
): Promise<{ node: ConversationNode; treePath: PathEntry[] }> {
  assertNoNul(input, 'node');
  return transaction(db, async (tx) => {
    const placement = await placeUnder(tx, input, options.maxDepth ?? 100);
    const [node] = await tx
      .insert(conversationNodes)
      .values({ ...input, ...placement })
      .returning();
    const created = node as ConversationNode;
    return { node: created, treePath: await getPathToRoot(tx, created.id) };
  });
}

/** The tree and depth of a new child of `input.parentId`, locking the parent against deletion. */
async function placeUnder(
  tx: Db,
  input: NewNode,
  maxDepth: number,
): Promise<{ treeId: string; depth: number }> {
  const parent = isUuid(input.parentId)
    ? await tx
        .select({ treeId: conversationNodes.treeId, depth: conversationNodes.depth })
        .from(conversationNodes)
        .where(eq(conversationNodes.id, input.parentId))
        .for('key share')
        .then((rows) => rows[0])
    : undefined;
  if (parent === undefined) {
    throw new ParentNotFoundError(input.parentId);
  }
  if (input.treeId !== undefined && input.treeId.toLowerCase() !== parent.treeId) {
    throw new CrossTreeParentError(input.parentId, input.treeId, parent.treeId);
  }
  if (parent.depth + 1 > maxDepth) {
    throw new DepthLimitError(input.parentId, parent.depth + 1, maxDepth);
  }
  return { treeId: parent.treeId, depth: parent.depth + 1 };
}

/** The path from the root down to `nodeId`, root first. Throws `NodeNotFoundError`. */
export async function getPathToRoot(db: Db, nodeId: string): Promise<PathEntry[]> {
  const rows = isUuid(nodeId) ? (await executeSql<PathEntry>(db, pathToRootSql(nodeId))).rows : [];
  if (rows.length === 0) {
    throw new NodeNotFoundError(nodeId);
  }
  return rows.map((row) => ({ id: row.id, stage: row.stage, depth: Number(row.depth) }));
}

/** One node of a subtree; `depth` counts from the tree's root. */
export interface SubtreeNode {
  id: string;
  parentId: string | null;
  role: NodeRole;
  stage: GbtsStage;
  message: string;
  depth: number;
  createdAt: Date;
}

/** Options of `getSubtree`. */
export interface SubtreeOptions {
  /** Levels below the node to include; 0 returns the node alone. Default 100. */
  maxDepth?: number;
  /** `bfs`: level by level; `dfs`: pre-order, siblings oldest first. Default `bfs`. */
  order?: 'bfs' | 'dfs';
  /** Nodes returned at most, the node itself included; 1 to 10,000. Default 100. */
  limit?: number;
}

interface SubtreeRow {
  id: string;
  parent_id: string | null;
  role: NodeRole;
  stage: GbtsStage;
  message: string;
  depth: number;
  created_ms: number;
}

/**
 * The node and its descendants, at most `limit` of them. Breadth-first stops reading once it has
 * `limit` nodes; depth-first reads the subtree down to `maxDepth` first, then cuts.
 * Throws `NodeNotFoundError`, and `InvalidValueError` for an option out of range.
 */
export async function getSubtree(
  db: Db,
  nodeId: string,
  options: SubtreeOptions = {},
): Promise<SubtreeNode[]> {
  const maxDepth = checkedInteger('maxDepth', options.maxDepth ?? 100, 0, 10_000);
  const limit = checkedInteger('limit', options.limit ?? 100, 1, 10_000);
  // A pre-order prefix of `limit` nodes never reaches deeper than `limit - 1` levels down.
  const query =
    options.order === 'dfs'
      ? subtreeDfsSql(nodeId, Math.min(maxDepth, limit - 1), limit)
      : subtreeBfsSql(nodeId, maxDepth, limit);
  const rows = isUuid(nodeId) ? (await executeSql<SubtreeRow>(db, query)).rows : [];
  if (rows.length === 0) {
    throw new NodeNotFoundError(nodeId);
  }
  return rows.map((row) => ({
    id: row.id,
    parentId: row.parent_id,
    role: row.role,
    stage: row.stage,
    message: row.message,
    depth: Number(row.depth),
    createdAt: new Date(Number(row.created_ms)),
  }));
}

/** A tree as nodes and parent-to-child links, ready for a graph view. */
export interface TreeVisualization {
  nodes: { id: string; label: string; stage: GbtsStage; role: NodeRole }[];
  links: { source: string; target: string }[];
}

interface TreeNodeRow {
  id: string;
  parent_id: string | null;
  role: NodeRole;
  stage: GbtsStage;
  label: string;
}

const labelLength = 80;

/**
 * Every node of the tree (the shallowest `limit`, default 10,000) with its message cut to 80
 * characters as the label, and one link per parent-child pair. Throws `TreeNotFoundError`.
 */
export async function getTreeVisualization(
  db: Db,
  treeId: string,
  options: { limit?: number } = {},
): Promise<TreeVisualization> {
  const limit = checkedInteger('limit', options.limit ?? 10_000, 1, 1_000_000);
  const rows = isUuid(treeId)
    ? (await executeSql<TreeNodeRow>(db, treeNodesSql(treeId, limit))).rows
    : [];
  if (rows.length === 0 && !(await treeExists(db, treeId))) {
    throw new TreeNotFoundError(treeId);
  }
  const included = new Set(rows.map((row) => row.id));
  return {
    nodes: rows.map(({ id, stage, role, label }) => ({ id, stage, role, label: shorten(label) })),
    links: rows
      .filter((row) => row.parent_id !== null && included.has(row.parent_id))
      .map((row) => ({ source: row.parent_id as string, target: row.id })),
  };
}

async function treeExists(db: Db, treeId: string): Promise<boolean> {
  if (!isUuid(treeId)) {
    return false;
  }
  const rows = await db
    .select({ id: conversationTrees.id })
    .from(conversationTrees)
    .where(eq(conversationTrees.id, treeId));
  return rows.length > 0;
}

function shorten(text: string): string {
  return text.length > labelLength ? `${text.slice(0, labelLength - 1)}…` : text;
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidValueError(name, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
