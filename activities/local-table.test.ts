import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Db } from '../db/client';
import { executeQuery } from '../db/execute-query';
import { agents, syncLinks } from '../db/schema';
import { transaction } from '../db/transaction';
import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { linksByLocalIds, linksByPageIds } from './link-store';
import {
  cutChangedRows,
  readChangedRecords,
  readRowsByIds,
  type ChangedRowsQuery,
} from './local-table';
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

describe('reads by key before the tables have statistics', () => {
  // A first push fills sync_links (and a bulk load the agents) faster than autovacuum analyses
  // them: the planner still believes them nearly empty, and a plain join or `= any(...)` scans
  // every row.
  let linked: TestDatabase;
  let ids: string[];

  beforeAll(async () => {
    linked = await createTestDatabase();
    const rows = await linked.db
      .insert(agents)
      .values(Array.from({ length: 2_000 }, (_, i) => ({ name: `Linked ${i}`, role: 'links' })))
      .returning({ id: agents.id });
    ids = rows.map((row) => row.id);
    await linked.db.insert(syncLinks).values(
      ids.map((id) => ({
        mapping: agentsEntry.definition.name,
        localId: id,
        notionPageId: `page-${id}`,
        base: {},
        baseHash: '',
        localVersion: 1,
        remoteEditedAt: new Date(0),
      })),
    );
  });

  afterAll(async () => {
    await linked.close();
  });

  /** Runs `read` and counts the rows of `table` it fetched, from this backend's counters. */
  function countRowsRead<T>(
    read: (db: Db) => Promise<T>,
    table = 'sync_links',
  ): Promise<{ value: T; read: number }> {
    return transaction(linked.db, async (tx) => {
      const before = await rowsReadSoFar(tx, table);
      const value = await read(tx);
      return { value, read: (await rowsReadSoFar(tx, table)) - before };
    });
  }

  it('reads a batch with the links of its own rows only, one index probe per row', async () => {
    const all = await readChangedRecords(linked.db, agentsEntry.synced, 'agents', {
      ...window,
      limit: 2_000,
    });
    const cursor = all.at(-51)?.row;
    expect(cursor).toBeDefined();
    const batch = await countRowsRead((db) =>
      readChangedRecords(db, agentsEntry.synced, 'agents', {
        ...window,
        cursor: { id: cursor?.id ?? '', changedAt: cursor?.changedAt ?? '' },
        limit: 51,
      }),
    );
    expect(batch.value).toHaveLength(50);
    expect(batch.value.map((record) => record.link?.pageId)).toEqual(
      all.slice(-50).map((record) => `page-${record.row.id}`),
    );
    expect(batch.read).toBe(50);
  });

  it('looks links up by local id and by page id, one index probe per key', async () => {
    const wanted = ids.slice(-50);
    const byLocal = await countRowsRead((db) => linksByLocalIds(db, 'agents', wanted));
    const pageIds = wanted.map((id) => `page-${id}`);
    const byPage = await countRowsRead((db) => linksByPageIds(db, 'agents', pageIds));
    expect([...byLocal.value.keys()].sort()).toEqual([...wanted].sort());
    expect([...byPage.value.keys()].sort()).toEqual([...pageIds].sort());
    expect([byLocal.read, byPage.read]).toEqual([50, 50]);
  });

  it('reads rows by id with one probe of the primary key per id', async () => {
    const wanted = ids.slice(-50);
    const read = await countRowsRead(
      (db) => readRowsByIds(db, agentsEntry.synced, wanted),
      'agents',
    );
    expect(read.value.map((row) => row.id).sort()).toEqual([...wanted].sort());
    expect(read.read).toBe(50);
  });
});

async function rowsReadSoFar(db: Db, table: string): Promise<number> {
  const stats = await executeQuery<{ read: string }>(
    db,
    `select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as read
     from pg_stat_xact_user_tables where relname = $1`,
    [table],
  );
  return Number(stats.rows[0]?.read ?? 0);
}
