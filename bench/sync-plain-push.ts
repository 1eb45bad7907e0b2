import { asc } from 'drizzle-orm';

import type { Db } from '../db/client';
import { agents } from '../db/schema';
import type { NotionIntegration } from '../notion/notion-integration';
import { agentProperties } from './sync-agents';

/**
 * The baseline of the engine-overhead benchmark: a plain script that makes the engine's Notion
 * calls for a first push (one schema read, then one create per agent, one after another) with
 * no Temporal, no plan and no bookkeeping. Returns the pages created.
 */
export async function plainPush(
  db: Db,
  integration: NotionIntegration,
  dataSourceId: string,
): Promise<number> {
  await integration.getDataSource(dataSourceId);
  const rows = await db.select().from(agents).orderBy(asc(agents.updatedAt), asc(agents.id));
  for (const row of rows) {
    await integration.createDatabaseEntry(dataSourceId, agentProperties(row));
  }
  return rows.length;
}
