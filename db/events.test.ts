import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { createDatabase, type Database } from './client';
import { loadDbConfig } from './config';
import {
  appendEvent,
  countEventsByWindow,
  eventsChannel,
  latestEventId,
  parseNotifiedEvent,
  readEventsAfter,
} from './events';
import { eventLog, metrics } from './schema';

let database: TestDatabase;
let other: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  // Another process's connection on PostgreSQL; PGlite has only the one instance.
  other =
    database.url === undefined
      ? database
      : await createDatabase(loadDbConfig({ DATABASE_URL: database.url }), { migrate: false });
});

afterAll(async () => {
  if (other !== database) {
    await other.close();
  }
  await database.close();
});

describe('appendEvent', () => {
  it('stores the event and announces it whole on eco_events', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen(eventsChannel, (payload) => heard.push(payload));
    const event = await appendEvent(other.db, 'node.created', { nodeId: 'n-1', depth: 3 });

    expect(event).toMatchObject({ type: 'node.created', payload: { nodeId: 'n-1', depth: 3 } });
    expect(event.createdAt).toBeInstanceOf(Date);
    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 5000 });
    const [stored] = await readEventsAfter(database.db, event.id - 1, 1);
    expect(stored).toEqual(event);
    expect(parseNotifiedEvent(heard[0] ?? '')).toEqual(event);
    await unlisten();
  });

  it('announces only the id of an event too long for a notification', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen(eventsChannel, (payload) => heard.push(payload));
    const event = await appendEvent(other.db, 'agent.updated', { notes: 'x'.repeat(10_000) });

    await vi.waitFor(() => expect(heard).toEqual([String(event.id)]), { timeout: 5000 });
    expect(parseNotifiedEvent(heard[0] ?? '')).toBeUndefined();
    await unlisten();
  });

  it('counts each event in its type and minute bucket', async () => {
    const before = await bucketCount('agent.deleted');
    await Promise.all([1, 2, 3].map((n) => appendEvent(database.db, 'agent.deleted', { n })));
    expect((await bucketCount('agent.deleted')) - before).toBe(3);
  });

  it('neither stores, counts nor announces an event whose transaction rolls back', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen(eventsChannel, (payload) => heard.push(payload));
    const lastId = await latestEventId(database.db);
    const countBefore = await bucketCount('sync.failed');
    await expect(
      database.db.transaction(async (tx) => {
        await appendEvent(tx, 'sync.failed', { reason: 'test' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const marker = await appendEvent(database.db, 'sync.started', {});

    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 5000 });
    expect(heard.map((payload) => parseNotifiedEvent(payload)?.id)).toEqual([marker.id]);
    expect((await readEventsAfter(database.db, lastId, 10)).map((e) => e.type)).toEqual([
      'sync.started',
    ]);
    expect(await bucketCount('sync.failed')).toBe(countBefore);
    await unlisten();
  });

  it('makes a concurrent append wait for an open transaction that appended', async () => {
    let commit = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let firstId = 0;
    const first = database.db.transaction(async (tx) => {
      firstId = (await appendEvent(tx, 'conflict.opened', {})).id;
      await held;
    });
    await vi.waitFor(() => expect(firstId).toBeGreaterThan(0));

    let secondId = 0;
    const second = appendEvent(other.db, 'conflict.resolved', {}).then((e) => {
      secondId = e.id;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(secondId).toBe(0);

    commit();
    await Promise.all([first, second]);
    expect(secondId).toBeGreaterThan(firstId);
  });
});

describe('readEventsAfter', () => {
  it('reads ids above lastId, oldest first, up to limit and untilId', async () => {
    const start = await latestEventId(database.db);
    const appended = [];
    for (const n of [1, 2, 3, 4, 5]) {
      appended.push((await appendEvent(database.db, 'sync.progress', { n })).id);
    }
    const ids = async (limit: number, untilId?: number) =>
      (await readEventsAfter(database.db, start, limit, untilId)).map((event) => event.id);

    expect(await ids(10)).toEqual(appended);
    expect(await ids(2)).toEqual(appended.slice(0, 2));
    expect(await ids(10, appended[2])).toEqual(appended.slice(0, 3));
    expect(await latestEventId(database.db)).toBe(appended[4]);
  });
});

describe('countEventsByWindow', () => {
  it('sums minute buckets into epoch-aligned windows per type', async () => {
    const base = Date.UTC(2020, 0, 1, 10, 0);
    const rows = [
      { name: 'w.a', minute: 0, count: 2 },
      { name: 'w.a', minute: 4, count: 3 },
      { name: 'w.b', minute: 4, count: 1 },
      { name: 'w.a', minute: 5, count: 7 },
      { name: 'w.a', minute: 15, count: 1 },
    ];
    await database.db
      .insert(metrics)
      .values(rows.map((r) => ({ ...r, bucket: new Date(base + r.minute * 60_000) })));
    const counts = await countEventsByWindow(
      database.db,
      5 * 60_000,
      new Date(base),
      new Date(base + 15 * 60_000),
    );
    expect(counts).toEqual([
      { type: 'w.a', start: new Date(base), count: 5 },
      { type: 'w.b', start: new Date(base), count: 1 },
      { type: 'w.a', start: new Date(base + 5 * 60_000), count: 7 },
    ]);
  });

  it('refuses a window that is not a whole number of minutes', async () => {
    await expect(countEventsByWindow(database.db, 90_000, new Date(0), new Date())).rejects.toThrow(
      RangeError,
    );
  });
});

async function bucketCount(type: string): Promise<number> {
  const [row] = await database.db
    .select({ total: sql`coalesce(sum(${metrics.count}), 0)`.mapWith(Number) })
    .from(metrics)
    .where(sql`${metrics.name} = ${type}`);
  const events = await database.db
    .select({ n: sql`count(*)`.mapWith(Number) })
    .from(eventLog)
    .where(sql`${eventLog.type} = ${type}`);
  expect(row?.total).toBe(events[0]?.n);
  return row?.total ?? 0;
}
