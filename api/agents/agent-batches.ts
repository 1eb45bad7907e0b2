import { randomUUID } from 'node:crypto';
import { and, inArray, isNull } from 'drizzle-orm';

import { batchInsert, batchUpdate } from '../../db/batch';
import type { Db } from '../../db/client';
import { appendEvent } from '../../db/events';
import { agents } from '../../db/schema';
import { transaction } from '../../db/transaction';
import type { AgentChanges, NewAgent } from '../schemas/agents';

/** Inserts every agent in one transaction (all or none) and answers their new ids in order. */
export async function insertAgents(db: Db, list: readonly NewAgent[]): Promise<string[]> {
  const records = list.map((agent) => ({ ...agent, id: randomUUID() }));
  const ids = records.map((record) => record.id);
  return transaction(db, async (tx) => {
    await batchInsert(tx, agents, records);
    await appendEvent(tx, 'agent.created', { ids, count: ids.length });
    return ids;
  });
}

/** What a batch update changed, and which ids named no live agent. */
export interface BatchUpdateResult {
  updated: number;
  notFound: string[];
}

/**
 * Applies each change to the live agent with its `id`, in one transaction, bumping `version` and
 * `updated_at`; ids of missing or soft-deleted agents are reported and left alone.
 */
export async function updateAgents(
  db: Db,
  changes: readonly (AgentChanges & { id: string })[],
): Promise<BatchUpdateResult> {
  return transaction(db, async (tx) => {
    const ids = changes.map((change) => change.id);
    const live = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(and(inArray(agents.id, ids), isNull(agents.deletedAt)))
      .for('update');
    const liveIds = new Set(live.map((row) => row.id));
    const records = changes.filter((change) => liveIds.has(change.id));
    const updated = records.length === 0 ? 0 : await batchUpdate(tx, agents, records, 'id');
    if (updated > 0) {
      const updatedIds = records.map((record) => record.id);
      await appendEvent(tx, 'agent.updated', { ids: updatedIds, count: updated });
    }
    return { updated, notFound: ids.filter((id) => !liveIds.has(id)) };
  });
}
