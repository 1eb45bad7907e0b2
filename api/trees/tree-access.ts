import { eq } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { conversationNodes, conversationTrees } from '../../db/schema';
import type { AuthUser } from '../auth/permissions';
import { NotFoundError } from '../errors';

/** The tree an object belongs to and who owns it; `ownerId` null means shared. */
export interface TreeOwner {
  treeId: string;
  ownerId: string | null;
}

/**
 * Whether `user` may see (`read`) or grow (`write`) a tree: admins any, others their own trees;
 * shared trees (no owner) are readable by all and writable by those who may create trees.
 */
export function canAccessTree(user: AuthUser, tree: TreeOwner, kind: 'read' | 'write'): boolean {
  if (user.role === 'admin' || tree.ownerId === user.id) {
    return true;
  }
  return tree.ownerId === null && (kind === 'read' || user.role === 'operator');
}

/** Throws the same `NotFoundError` for a tree that is missing and one the user may not access. */
export function assertTreeAccess(
  user: AuthUser,
  tree: TreeOwner | undefined,
  kind: 'read' | 'write',
  notFound: NotFoundError,
): asserts tree is TreeOwner {
  if (tree === undefined || !canAccessTree(user, tree, kind)) {
    throw notFound;
  }
}

/** The node with `id` and its tree's owner, or undefined. */
export async function findNodeWithOwner(db: Db, id: string) {
  const [row] = await db
    .select({ node: conversationNodes, ownerId: conversationTrees.ownerId })
    .from(conversationNodes)
    .innerJoin(conversationTrees, eq(conversationTrees.id, conversationNodes.treeId))
    .where(eq(conversationNodes.id, id));
  return row;
}

/** The owner of the tree with `id`, or undefined when there is no such tree. */
export async function findTreeOwner(db: Db, id: string): Promise<TreeOwner | undefined> {
  const [row] = await db
    .select({ treeId: conversationTrees.id, ownerId: conversationTrees.ownerId })
    .from(conversationTrees)
    .where(eq(conversationTrees.id, id));
  return row;
}

/** Loads the node's tree owner and checks access; throws `NotFoundError('Node', id)`. */
export async function nodeForUser(db: Db, user: AuthUser, id: string, kind: 'read' | 'write') {
  const row = await findNodeWithOwner(db, id);
  const owner = row && { treeId: row.node.treeId, ownerId: row.ownerId };
  assertTreeAccess(user, owner, kind, new NotFoundError('Node', id));
  return (row as NonNullable<typeof row>).node;
}
