import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents, eventLog, syncLinks } from '../db/schema';
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

/** The page creates in the emulator's log, each from its arrival to its answer. */
function pageCreatesLogged(harness: SyncHarness): { from: number; to: number }[] {
  return harness.emulator.control
    .requestLog()
    .filter((entry) => entry.method === 'POST' && entry.path === '/v1/pages')
    .map((entry) => ({ from: entry.startedAtMs, to: entry.startedAtMs + entry.durationMs }));
}

/** The most requests in flight at once: at some request's arrival, those not yet answered. */
function peakInFlight(requests: readonly { from: number; to: number }[]): number {
  const counts = requests.map(
    (entry) => requests.filter((other) => other.from <= entry.from && entry.from < other.to).length,
  );
  return Math.max(...counts);
}

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

  it('announces every batch of the run as sync.progress on the event stream', async () => {
    const events = await harness.database.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.type, 'sync.progress'));
    const pushed = events
      .map((event) => event.payload as { phase: string; processed: number; success: number })
      .filter((payload) => payload.phase === 'push');
    expect(pushed).toHaveLength(10);
    expect(pushed.reduce((sum, payload) => sum + payload.processed, 0)).toBe(500);
    expect(pushed.reduce((sum, payload) => sum + payload.success, 0)).toBe(500);
  });

  it('sends no write at all when nothing changed since the last run', async () => {
    harness.emulator.control.clearRequestLog();

    const result = await harness.sync({ direction: 'both' });

    expect(writesIn(harness.emulator.control.requestLog())).toBe(0);
    expect(result).toMatchObject({ success: 0, failed: 0, conflicts: 0 });
  });

  it('runs up to SYNC_PARALLEL_BATCHES push batches side by side, each record once', async () => {
    const seeded = await seedAgents(harness, 120, 'Parallel');
    harness.emulator.control.clearRequestLog();
    const latency = harness.emulator.control.addLatency({
      ms: 100,
      method: 'POST',
      path: '/v1/pages',
    });

    const handle = await harness.startSync({
      direction: 'push',
      batchSize: 20,
      parallelBatches: 3,
      concurrency: 1,
    });
    const result = (await handle.result()) as Record<string, unknown>;
    harness.emulator.control.removeFault(latency);

    const creates = pageCreatesLogged(harness);
    expect(result).toMatchObject({ success: 120, failed: 0 });
    expect(creates).toHaveLength(120);
    // One create at a time per batch: the creates in flight at once are as many batches.
    expect(peakInFlight(creates)).toBe(3);
    const pages = await readAllPages(harness);
    const created = pages.filter((page) => seeded.includes(page.localId ?? ''));
    expect(new Set(created.map((page) => page.localId))).toEqual(new Set(seeded));
    expect(created).toHaveLength(120);
  });

  it('keeps up to SYNC_CONCURRENCY creates of a batch in flight, never more', async () => {
    await seedAgents(harness, 12, 'Concurrent');
    harness.emulator.control.clearRequestLog();
    const latency = harness.emulator.control.addLatency({
      ms: 150,
      method: 'POST',
      path: '/v1/pages',
    });

    const result = await harness.sync({ direction: 'push', concurrency: 3 });
    harness.emulator.control.removeFault(latency);

    const creates = pageCreatesLogged(harness);
    expect(result).toMatchObject({ success: 12, failed: 0 });
    expect(peakInFlight(creates)).toBe(3);
  });
});
