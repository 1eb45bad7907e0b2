import { and, desc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { flagsKey, preparedStatement } from '../../db/prepared';
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

/** Which filters a list query has: each of the 32 shapes is one prepared statement. */
interface ListShape {
  hasRole: boolean;
  hasStatus: boolean;
  hasName: boolean;
  hasCursor: boolean;
  isDeletedIncluded: boolean;
}

const placeholder = (name: string) => sql.placeholder(name);

function shapeOf(filter: AgentFilter): ListShape {
  return {
    hasRole: filter.role !== undefined,
    hasStatus: filter.status !== undefined,
    hasName: filter.q !== undefined,
    hasCursor: filter.cursor !== undefined,
    isDeletedIncluded: filter.isDeletedIncluded === true,
  };
}

function conditionsOf(shape: ListShape): SQL[] {
  const cursorAt = sql`${placeholder('cursorAt')}::timestamptz`;
  const cursorId = sql`${placeholder('cursorId')}::uuid`;
  const conditions: (SQL | undefined)[] = [
    shape.hasRole ? eq(agents.role, placeholder('role')) : undefined,
    shape.hasStatus ? eq(agents.status, placeholder('status')) : undefined,
    shape.hasName ? ilike(agents.name, placeholder('namePattern')) : undefined,
    shape.isDeletedIncluded ? undefined : isNull(agents.deletedAt),
    shape.hasCursor
      ? sql`(${agents.updatedAt}, ${agents.id}) < (${cursorAt}, ${cursorId})`
      : undefined,
  ];
  return conditions.filter((condition) => condition !== undefined);
}

function listQueryFor(db: Db, shape: ListShape) {
  return preparedStatement(db, `eco_list_agents_${flagsKey(shape)}`, (name) =>
    db
      .select({ agent: agents, cursorAt: cursorTimestamp })
      .from(agents)
      .where(and(...conditionsOf(shape)))
      .orderBy(desc(agents.updatedAt), desc(agents.id))
      .limit(placeholder('limit'))
      .prepare(name),
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function valuesOf(filter: AgentFilter): Record<string, unknown> {
  const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  return {
    role: filter.role,
    status: filter.status,
    namePattern: filter.q === undefined ? undefined : `%${escapeLike(filter.q)}%`,
    cursorAt: cursor?.updatedAt,
    cursorId: cursor?.id,
    limit: filter.limit + 1,
  };
}

/** A page of the agent list and the cursor of the next one, null on the last page. */
export interface AgentPage {
  agents: AgentDto[];
  nextCursor: string | null;
}

/** The key a page of `filter` has in an `AgentListCache`: one per distinct filter. */
export function agentPageKey(filter: AgentFilter): string {
  const { role, status, q, cursor, limit, isDeletedIncluded } = filter;
  return JSON.stringify([role, status, q, cursor, limit, isDeletedIncluded === true]);
}

/**
 * One page of agents, most recently updated first, and the cursor of the next page. Each shape
 * of filter is built once as a prepared statement, which PostgreSQL parses and plans once per
 * connection: the list is the API's busiest read.
 */
export async function listAgents(db: Db, filter: AgentFilter): Promise<AgentPage> {
  const values = valuesOf(filter);
  const rows = await listQueryFor(db, shapeOf(filter)).execute(values);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const hasMore = rows.length > filter.limit && last !== undefined;
  return {
    agents: page.map((row) => toAgentDto(row.agent)),
    nextCursor: hasMore ? encodeCursor({ updatedAt: last.cursorAt, id: last.agent.id }) : null,
  };
}
