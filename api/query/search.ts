import { and, desc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { agents, conversationNodes, conversationTrees } from '../../db/schema';
import type { AuthUser } from '../auth/permissions';

/** One search hit. */
export interface SearchHit {
  kind: 'agent' | 'node';
  id: string;
  /** The agent's name or the node's message, cut to 200 characters. */
  text: string;
  /** The node's tree; absent for agents. */
  treeId?: string;
}

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Live agents whose name contains `text`, any case. */
export async function searchAgents(db: Db, text: string, limit: number): Promise<SearchHit[]> {
  const rows = await db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(and(ilike(agents.name, containsPattern(text)), isNull(agents.deletedAt)))
    .orderBy(desc(agents.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ kind: 'agent', id: row.id, text: row.name.slice(0, 200) }));
}

function visibleTrees(user: AuthUser): SQL | undefined {
  return user.role === 'admin'
    ? undefined
    : or(eq(conversationTrees.ownerId, user.id), isNull(conversationTrees.ownerId));
}

/** Nodes whose message contains `text`, in trees `user` may read. */
export async function searchNodes(
  db: Db,
  user: AuthUser,
  text: string,
  limit: number,
): Promise<SearchHit[]> {
  const rows = await db
    .select({
      id: conversationNodes.id,
      treeId: conversationNodes.treeId,
      message: conversationNodes.message,
    })
    .from(conversationNodes)
    .innerJoin(conversationTrees, eq(conversationTrees.id, conversationNodes.treeId))
    .where(and(ilike(conversationNodes.message, containsPattern(text)), visibleTrees(user)))
    .orderBy(desc(conversationNodes.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    kind: 'node',
    id: row.id,
    treeId: row.treeId,
    text: row.message.slice(0, 200),
  }));
}
