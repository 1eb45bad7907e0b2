import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents, syncLinks } from '../db/schema';
import { createSyncHarness, readAllPages, seedAgents, type SyncHarness } from './sync-harness';

let harness: SyncHarness;
let ids: string[];

beforeAll(async () => {
  harness = await createSyncHarness();
  await harness.startWorker();
  ids = await seedAgents(harness, 500);
});

afterAll(async () => {
  await harness.close();
});

function writesIn(log: { method: string; route: string }[]): number {
  return log
    .filter((entry) => entry.method === 'POST' || entry.method === 'PATCH')
    .filter((entry) => !entry.route.includes('/query')).length;
}

describe('pushing agents to Notion', () => {
  it('creates one page per agent with the mapped properties on the first push', async () => {
    const result = await harness.sync({ direction: 'push' });

    expect(result).toMatchObject({ success: 500, failed: 0, conflicts: 0 });
    const pages = await readAllPages(harness);
    expect(pages).toHaveLength(500);
    expect(new Set(pages.map((page) => page.localId))).toEqual(new Set(ids));
    const [row] = await harness.database.db
      .select()
      .from(agents)
      .where(eq(agents.id, ids[0] ?? ''));
    const page = pages.find((candidate) => candidate.localId === ids[0]);
    expect(page).toMatchObject({
      name: row?.name,
      role: row?.role,
      status: row?.status,
      capabilities: [...(row?.capabilities ?? [])].sort(),
      inTrash: false,
    });
    expect(JSON.parse(page?.metadata ?? '')).toEqual(row?.metadata);
    const links = await harness.database.db.select().from(syncLinks);
    expect(links).toHaveLength(500);
  });

  it('sends no write at all when nothing changed since the last run', async () => {
    harness.emulator.control.clearRequestLog();

    const result = await harness.sync({ direction: 'both' });

    expect(writesIn(harness.emulator.control.requestLog())).toBe(0);
    expect(result).toMatchObject({ success: 0, failed: 0, conflicts: 0 });
  });
});
