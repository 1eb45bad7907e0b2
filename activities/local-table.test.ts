import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { cutChangedRows, readChangedRecords, type ChangedRowsQuery } from './local-table';
import { agentsEntry } from './mapping-registry';

let database: TestDatabase;
/** Ids in the keyset order: half the rows share one `updated_at`, so the id breaks ties. */
let orderedIds: string[];
const until = '2100-01-01T00:00:00.000000Z';
const window: ChangedRowsQuery = { since: undefined, until, cursor: undefined, limit: 50 };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insert(agents)
    .values(Array.from({ length: 130 }, (_, i) => ({ name: `Cut ${i}`, role: 'cut_test' })));
  await database.db.execute(sql`
    UPDATE agents SET updated_at = timestamptz '2026-01-01' + (CASE WHEN random() < 0.5
      THEN interval '0' ELSE (random() * interval '1 hour') END)`);
  const rows = await database.db
    .select({ id: agents.id })
    .from(agents)
    .orderBy(asc(agents.updatedAt), asc(agents.id));
  orderedIds = rows.map((row) => row.id);
});

afterAll(async () => {
  await database.close();
});

async function idsIn(range: Pick<ChangedRowsQuery, 'cursor' | 'upTo'>): Promise<string[]> {
  const { synced, definition } = agentsEntry;
  const records = await readChangedRecords(database.db, synced, definition.name, {
    ...window,
    ...range,
    limit: 1000,
  });
  return records.map((record) => record.row.id);
}

describe('cutChangedRows', () => {
  it('cuts the window into batch-size ranges that cover every row once, in order', async () => {
    const first = await cutChangedRows(database.db, agentsEntry.synced, { ...window, count: 2 });
    expect(first.ranges).toHaveLength(2);
    expect(first.nextCursor).toEqual(first.ranges[1]?.upTo);
    const second = await cutChangedRows(database.db, agentsEntry.synced, {
      ...window,
      cursor: first.nextCursor ?? undefined,
      count: 2,
    });
    expect(second.ranges).toHaveLength(1);
    expect(second.nextCursor).toBeNull();

    const ranges = [...first.ranges, ...second.ranges];
    const read = await Promise.all(ranges.map(idsIn));
    expect(read.map((ids) => ids.length)).toEqual([50, 50, 30]);
    expect(read.flat()).toEqual(orderedIds);
  });

  it('says the window is cut when the rows end exactly at the last range', async () => {
    const cut = await cutChangedRows(database.db, agentsEntry.synced, {
      ...window,
      limit: 65,
      count: 2,
    });
    expect(cut.ranges).toHaveLength(2);
    expect(cut.nextCursor).toBeNull();
    expect((await Promise.all(cut.ranges.map(idsIn))).flat()).toEqual(orderedIds);
  });

  it('cuts nothing from an empty window', async () => {
    const cut = await cutChangedRows(database.db, agentsEntry.synced, {
      ...window,
      until: '2000-01-01T00:00:00.000000Z',
      count: 4,
    });
    expect(cut).toEqual({ ranges: [], nextCursor: null });
  });
});
