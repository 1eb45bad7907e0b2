import type { Db } from '../../db/client';
import { checkPermissions, type AuthUser } from '../auth/permissions';
import { ForbiddenError } from '../errors';
import type { GbtsRequest, GbtsResponse } from '../schemas/gbts';
import {
  createNodeFor,
  createTreeFor,
  getNodeFor,
  getPathFor,
  getSubtreeFor,
  visualizeFor,
} from '../trees/tree-service';

/** What the GBTS handler needs besides the request. */
export interface GbtsContext {
  db: Db;
  user: AuthUser;
  /** The configured depth cap of trees and traversals. */
  maxDepth: number;
}

const writes = new Set<GbtsRequest['action']>(['create_tree', 'create_node']);

/** Checks `trees` permission for the action: `create` for the two writes, `read` otherwise. */
function authorizeAction(user: AuthUser, action: GbtsRequest['action']): void {
  const needed = writes.has(action) ? 'create' : 'read';
  if (!checkPermissions(user, 'trees', needed)) {
    throw new ForbiddenError('trees', needed);
  }
}

/** Runs one action of the GBTS envelope (`create_node`, `traverse`, `visualize`, ...). */
export async function handleGbtsRequest(
  request: GbtsRequest,
  { db, user, maxDepth }: GbtsContext,
): Promise<GbtsResponse> {
  authorizeAction(user, request.action);
  const base = { success: true, action: request.action } as const;
  switch (request.action) {
    case 'create_tree': {
      const { title, message, role } = request.data;
      const { tree, root } = await createTreeFor(db, user, { title, seed: { role, message } });
      return { ...base, tree_id: tree.id, node_id: root.id, tree_path: [root.id], node: root };
    }
    case 'create_node': {
      const { tree_id: treeId, parent_id: parentId, ...rest } = request.data;
      const created = await createNodeFor(db, user, { treeId, parentId, ...rest }, maxDepth);
      const { node, treePath, path } = created;
      return { ...base, node_id: node.id, tree_id: node.treeId, tree_path: treePath, path, node };
    }
    case 'traverse': {
      const { node_id: nodeId, depth, order, limit } = request.data;
      const options = { depth: Math.min(depth, maxDepth), order, limit };
      return { ...base, node_id: nodeId, ...(await getSubtreeFor(db, user, nodeId, options)) };
    }
    case 'visualize':
      return {
        ...base,
        tree_id: request.data.tree_id,
        ...(await visualizeFor(db, user, request.data.tree_id)),
      };
    case 'get_path':
      return {
        ...base,
        node_id: request.data.node_id,
        ...(await pathOf(db, user, request.data.node_id)),
      };
    case 'get_node':
      return { ...base, node: await getNodeFor(db, user, request.data.node_id) };
  }
}

async function pathOf(db: Db, user: AuthUser, nodeId: string) {
  const { treePath, path } = await getPathFor(db, user, nodeId);
  return { tree_path: treePath, path };
}
