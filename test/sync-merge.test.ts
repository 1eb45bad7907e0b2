import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents, syncLinks, syncRuns } from '../db/schema';
import {
  createSyncHarness,
  readAllPages,
  seedAgents,
  type PageView,
  type SyncHarness,
} from './sync-harness';

let harness: SyncHarness;
let ids: string[];

beforeAll(async () => {
  harness = await createSyncHarness();
  await harness.startWorker();
  ids = await seedAgents(harness, 8, 'Merge');
  await harness.sync({ direction: 'both' });
});

afterAll(async () => {
  await harness.close();
});

async function pageOf(localId: string): Promise<PageView> {
  const page = (await readAllPages(harness)).find((candidate) => candidate.localId === localId);
  if (page === undefined) {
    throw new Error(`No page carries ${localId}`);
  }
  return page;
}

async function rowOf(id: string) {
  const [row] = await harness.database.db.select().from(agents).where(eq(agents.id, id));
  if (row === undefined) {
    throw new Error(`No row ${id}`);
  }
  return row;
}

function title(text: string) {
  return { title: [{ text: { content: text } }] };
}

async function editRow(
  id: string,
  values: Partial<typeof agents.$inferInsert>,
  updatedAt = sql`now()`,
) {
  await harness.database.db
    .update(agents)
    .set({ ...values, updatedAt, version: sql`${agents.version} + 1` })
    .where(eq(agents.id, id));
}

function id(index: number): string {
  const value = ids[index];
  if (value === undefined) {
    throw new Error(`No seeded agent ${index}`);
  }
  return value;
}

describe('bidirectional sync', () => {
  it('pulls a human edit made in Notion into the row', async () => {
    const page = await pageOf(id(0));
    harness.emulator.control.editPageAsHuman(page.id, {
      properties: { Name: title('Edited in Notion'), Role: { select: { name: 'water_analyst' } } },
    });

    harness.emulator.control.clearRequestLog();
    const result = await harness.sync({ direction: 'both' });

    expect(result).toMatchObject({ success: 1, failed: 0, conflicts: 0 });
    expect(await rowOf(id(0))).toMatchObject({ name: 'Edited in Notion', role: 'water_analyst' });
    // Notion answers the trash scan with live pages too, so it was the only read of the run.
    const queries = harness.emulator.control
      .requestLog()
      .filter((entry) => entry.path.endsWith('/query'));
    expect(queries).toHaveLength(1);
  });

  it('merges edits of different fields on both sides without a conflict', async () => {
    const page = await pageOf(id(1));
    await editRow(id(1), { capabilities: ['wind', 'solar'] });
    harness.emulator.control.editPageAsHuman(page.id, {
      properties: { Name: title('Renamed remotely') },
    });

    const result = await harness.sync({ direction: 'both' });

    expect(result).toMatchObject({ failed: 0, conflicts: 0 });
    const row = await rowOf(id(1));
    expect(row.name).toBe('Renamed remotely');
    expect([...row.capabilities].sort()).toEqual(['solar', 'wind']);
    expect(await pageOf(id(1))).toMatchObject({
      name: 'Renamed remotely',
      capabilities: ['solar', 'wind'],
    });
  });

  it('lets the later edit win when both sides change one field under latest_wins', async () => {
    const remoteLater = await pageOf(id(2));
    const localLater = await pageOf(id(3));
    await editRow(id(2), { name: 'Local loses' }, sql`now() - interval '10 minutes'`);
    await editRow(id(3), { name: 'Local wins' }, sql`now() + interval '10 minutes'`);
    harness.emulator.control.editPageAsHuman(remoteLater.id, {
      properties: { Name: title('Remote wins') },
    });
    harness.emulator.control.editPageAsHuman(localLater.id, {
      properties: { Name: title('Remote loses') },
    });

    const result = await harness.sync({ direction: 'both', conflictResolution: 'latest_wins' });

    expect(result).toMatchObject({ failed: 0, conflicts: 2 });
    expect((await rowOf(id(2))).name).toBe('Remote wins');
    expect((await pageOf(id(2))).name).toBe('Remote wins');
    expect((await rowOf(id(3))).name).toBe('Local wins');
    expect((await pageOf(id(3))).name).toBe('Local wins');
  });

  it('trashes the page when the row is soft-deleted', async () => {
    await harness.database.db
      .update(agents)
      .set({ deletedAt: new Date(), updatedAt: sql`now()`, version: sql`${agents.version} + 1` })
      .where(eq(agents.id, id(4)));

    await harness.sync({ direction: 'both' });

    expect((await pageOf(id(4))).inTrash).toBe(true);
    const [link] = await harness.database.db
      .select()
      .from(syncLinks)
      .where(eq(syncLinks.localId, id(4)));
    expect(link?.isTrashed).toBe(true);
  });

  it('soft-deletes the row when its page is moved to the trash', async () => {
    harness.emulator.control.editPageAsHuman((await pageOf(id(5))).id, { inTrash: true });

    await harness.sync({ direction: 'both' });

    expect((await rowOf(id(5))).deletedAt).not.toBeNull();
    expect((await rowOf(id(6))).deletedAt).toBeNull();
  });

  it('plans without writing on a dry run and says what a real run would send', async () => {
    await editRow(id(7), { status: 'retired' });
    harness.emulator.control.clearRequestLog();

    const result = await harness.sync({ direction: 'both', dryRun: true });

    const writes = harness.emulator.control
      .requestLog()
      .filter((entry) => entry.method === 'PATCH');
    expect(writes).toHaveLength(0);
    expect(result).toMatchObject({ isDryRun: true, plannedRequests: 1, kinds: { update: 1 } });
    expect((await pageOf(id(7))).status).not.toBe('retired');
    const real = await harness.sync({ direction: 'both' });
    expect(real.kinds.update).toBe(1);
    expect((await pageOf(id(7))).status).toBe('retired');
  });

  it('writes one audit row per run with its counts', async () => {
    const runs = await harness.database.db.select().from(syncRuns);
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expect(runs.every((run) => run.status === 'completed' && run.finishedAt !== null)).toBe(true);
    expect(runs.some((run) => run.isDryRun)).toBe(true);
  });
});
