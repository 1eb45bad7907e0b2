import { and, desc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { agents } from '../../db/schema';
import type { AgentDto } from '../schemas/agents';
import { decodeCursor, encodeCursor } from './agent-cursor';
import { cursorTimestamp, toAgentDto } from './agent-rows';

/** Filters and paging of `listAgents`. */
export interface AgentFilter {
  role?: string;
  status?: string;
  /** Case-insensitive substring of the name; `%` and `_` match themselves. */
  q?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Agents per page, 1 to 100. */
  limit: number;
  isDeletedIncluded?: boolean;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function conditionsOf(filter: AgentFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    filter.role === undefined ? undefined : eq(agents.role, filter.role),
    filter.status === undefined ? undefined : eq(agents.status, filter.status),
    filter.q === undefined ? undefined : ilike(agents.name, `%${escapeLike(filter.q)}%`),
    filter.isDeletedIncluded === true ? undefined : isNull(agents.deletedAt),
  ];
  if (filter.cursor !== undefined) {
    const cursor = decodeCursor(filter.cursor);
    conditions.push(
      sql`(${agents.updatedAt}, ${agents.id}) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  return conditions.filter((condition) => condition !== undefined);
}

/** One page of agents, most recently updated first, and the cursor of the next page. */
export async function listAgents(
  db: Db,
  filter: AgentFilter,
): Promise<{ agents: AgentDto[]; nextCursor: string | null }> {
  const rows = await db
    .select({ agent: agents, cursorAt: cursorTimestamp })
    .from(agents)
    .where(and(...conditionsOf(filter)))
    .orderBy(desc(agents.updatedAt), desc(agents.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const hasMore = rows.length > filter.limit && last !== undefined;
  return {
    agents: page.map((row) => toAgentDto(row.agent)),
    nextCursor: hasMore ? encodeCursor({ updatedAt: last.cursorAt, id: last.agent.id }) : null,
  };
}
