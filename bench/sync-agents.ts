import { asc } from 'drizzle-orm';

import { batchInsert, batchUpdate } from '../db/batch';
import type { Db } from '../db/client';
import { executeQuery } from '../db/execute-query';
import { agents, syncLinks } from '../db/schema';
import { encodeProperty, type PropertyValueWrite } from '../notion/property-codecs';
import { agentsMapping } from '../sync/agents-mapping';
import { stableStringify } from '../sync/stable-json';
import { agentRows } from './agent-rows';

/** An agent row as the baselines read it. */
export type AgentRecord = typeof agents.$inferSelect;

/**
 * Inserts `count` agents with `batchInsert` and dates them an hour back, as rows last touched
 * long before the runs being measured; returns their ids in insertion order.
 */
export async function seedBenchAgents(db: Db, count: number): Promise<string[]> {
  await batchInsert(db, agents, agentRows(count));
  await executeQuery(db, `update agents set updated_at = now() - interval '1 hour'`);
  const rows = await db.select({ id: agents.id }).from(agents).orderBy(asc(agents.name));
  return rows.map((row) => row.id);
}

/** Gives each of `ids` a new status with `batchUpdate`, which bumps `version` and `updated_at`. */
export async function changeAgents(db: Db, ids: readonly string[], status: string): Promise<void> {
  await batchUpdate(
    db,
    agents,
    ids.map((id) => ({ id, status })),
    'id',
  );
}

/** The Notion page ids of `count` linked agents. */
export async function linkedPageIds(db: Db, count: number): Promise<string[]> {
  const rows = await db
    .select({ pageId: syncLinks.notionPageId })
    .from(syncLinks)
    .orderBy(asc(syncLinks.localId))
    .limit(count);
  return rows.map((row) => row.pageId);
}

/**
 * The properties the sync writes for an agent, built with the same mapping and codecs, so the
 * baselines send the engine's request bodies.
 */
export function agentProperties(row: AgentRecord): Record<string, PropertyValueWrite> {
  const values = row as unknown as Record<string, unknown>;
  const properties: Record<string, PropertyValueWrite> = {};
  for (const field of agentsMapping.fields) {
    const value = values[field.column];
    properties[field.property] = encodeProperty(
      field.type,
      field.format === 'json' ? stableStringify(value) : value,
    );
  }
  properties[agentsMapping.keyProperty] = encodeProperty('rich_text', row.id);
  return properties;
}
