import { performance } from 'node:perf_hooks';

import type { Db } from '../db/client';
import { agents } from '../db/schema';
import type { JsonObject } from '../dev/notion-emulator/model';
import type { NotionEmulator } from '../dev/notion-emulator/server';
import { createNotionIntegration } from '../notion/client';
import { decodeProperty } from '../notion/property-codecs';
import { createRateLimiter } from '../notion/rate-limiter';
import { agentsMapping } from '../sync/agents-mapping';
import type { Logger } from '../core/logger';
import { agentProperties, type AgentRecord } from './sync-agents';
import { benchDataSource, countRequests } from './sync-notion-setup';

/** What one cycle of the naive loop sent. */
export interface NaiveCycle {
  requests: number;
  queryPages: number;
  writes: number;
  wallMs: number;
}

/**
 * One cycle of the original design's sync loop, the peer of the engine: read every row, list
 * every page of the data source to find each row's page, then write every row to Notion (an
 * update, or a create when it has no page), changed or not. Runs against a data source of its
 * own that already holds a page per row, so the cycle measured is a steady-state one.
 */
export async function runNaiveCycle(
  db: Db,
  emulator: NotionEmulator,
  logger: Logger,
): Promise<NaiveCycle> {
  const rows = await db.select().from(agents);
  const { token, dataSourceId } = benchDataSource(emulator);
  emulator.control.seedPages(dataSourceId, rows.map(keyOnlyPage));
  const integration = createNotionIntegration({
    apiKey: token,
    baseUrl: emulator.baseUrl,
    logger,
    limiter: createRateLimiter({ ratePerSecond: 100_000 }),
  });
  emulator.control.clearRequestLog();
  const started = performance.now();
  await naiveCycle(integration, dataSourceId, rows);
  const wallMs = performance.now() - started;
  const routes = emulator.control.routeCounts();
  const queryPages = Object.entries(routes)
    .filter(([route]) => route.endsWith('/query'))
    .reduce((sum, [, count]) => sum + count, 0);
  const requests = countRequests(routes);
  return { requests, queryPages, writes: requests - queryPages, wallMs };
}

async function naiveCycle(
  integration: ReturnType<typeof createNotionIntegration>,
  dataSourceId: string,
  rows: readonly AgentRecord[],
): Promise<void> {
  const pageByLocalId = new Map<string, string>();
  for await (const page of integration.queryDataSource(dataSourceId)) {
    const key = decodeProperty('rich_text', page.properties[agentsMapping.keyProperty]);
    if (typeof key === 'string') {
      pageByLocalId.set(key, page.id);
    }
  }
  for (const row of rows) {
    const pageId = pageByLocalId.get(row.id);
    const properties = agentProperties(row);
    if (pageId === undefined) {
      await integration.createDatabaseEntry(dataSourceId, properties);
    } else {
      await integration.updatePage(pageId, properties);
    }
  }
}

function keyOnlyPage(row: AgentRecord): JsonObject {
  const properties: JsonObject = { Name: { title: [{ text: { content: row.name } }] } };
  properties[agentsMapping.keyProperty] = { rich_text: [{ text: { content: row.id } }] };
  return properties;
}
