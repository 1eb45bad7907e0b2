import { and, eq, isNull, sql } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { appendEvent } from '../../db/events';
import { agents } from '../../db/schema';
import { transaction } from '../../db/transaction';
import { ConflictError, NotFoundError } from '../errors';
import type { AgentChanges, AgentDto, NewAgent } from '../schemas/agents';
import { toAgentDto } from './agent-rows';

const bump = { version: sql`${agents.version} + 1`, updatedAt: sql`now()` };

/** The agent with `id`; soft-deleted ones only when `isDeletedIncluded`. */
export async function getAgent(db: Db, id: string, isDeletedIncluded = false): Promise<AgentDto> {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.id, id), isDeletedIncluded ? undefined : isNull(agents.deletedAt)));
  if (row === undefined) {
    throw new NotFoundError('Agent', id);
  }
  return toAgentDto(row);
}

/** Creates an agent and records `agent.created`, in one transaction. */
export async function createAgent(db: Db, input: NewAgent): Promise<AgentDto> {
  return transaction(db, async (tx) => {
    const [row] = await tx.insert(agents).values(input).returning();
    const agent = toAgentDto(row as typeof agents.$inferSelect);
    await appendEvent(tx, 'agent.created', { ids: [agent.id], count: 1 });
    return agent;
  });
}

async function missingOrStale(db: Db, id: string): Promise<Error> {
  const [row] = await db
    .select({ version: agents.version })
    .from(agents)
    .where(and(eq(agents.id, id), isNull(agents.deletedAt)));
  return row === undefined
    ? new NotFoundError('Agent', id)
    : new ConflictError('The agent changed since that version', { currentVersion: row.version });
}

/**
 * Applies `changes` to a live agent, bumping `version` and `updated_at`; with `expectedVersion`
 * a concurrent change is a `ConflictError` instead of being overwritten.
 */
export async function updateAgent(
  db: Db,
  id: string,
  changes: AgentChanges,
  expectedVersion?: number,
): Promise<AgentDto> {
  return transaction(db, async (tx) => {
    const versionMatches =
      expectedVersion === undefined ? undefined : eq(agents.version, expectedVersion);
    const [row] = await tx
      .update(agents)
      .set({ ...changes, ...bump })
      .where(and(eq(agents.id, id), isNull(agents.deletedAt), versionMatches))
      .returning();
    if (row === undefined) {
      throw await missingOrStale(tx, id);
    }
    await appendEvent(tx, 'agent.updated', { ids: [id], count: 1, fields: Object.keys(changes) });
    return toAgentDto(row);
  });
}

/** Marks a live agent deleted (`deleted_at`), bumping its version; the row stays for the sync. */
export async function softDeleteAgent(db: Db, id: string): Promise<AgentDto> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .update(agents)
      .set({ deletedAt: sql`now()`, ...bump })
      .where(and(eq(agents.id, id), isNull(agents.deletedAt)))
      .returning();
    if (row === undefined) {
      throw new NotFoundError('Agent', id);
    }
    await appendEvent(tx, 'agent.deleted', { ids: [id], count: 1 });
    return toAgentDto(row);
  });
}
