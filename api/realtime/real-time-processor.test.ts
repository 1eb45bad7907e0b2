import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { loggerOptions } from '../../core/logger';
import { appendEvent, type EventType } from '../../db/events';
import { metrics } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../test/test-db';
import { openOtherConnection } from '../routes/stream-test-server';
import { UnsupportedWindowError, WindowRangeError } from './errors';
import { RealTimeProcessor, type RealTimeEvent } from './real-time-processor';
import { startRealtime } from './start-realtime';
import { windowStart } from './tumbling-windows';

const logger = pino(loggerOptions('silent'));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

function event(type: EventType, createdAt = new Date(), id?: number): RealTimeEvent {
  return { id, type, payload: {}, createdAt };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RealTimeProcessor batching', () => {
  it('hands a batch to the handlers as soon as batchSize events have gathered', async () => {
    const processor = new RealTimeProcessor({ batchSize: 3, flushInterval: 60_000, logger });
    const sizes: number[] = [];
    processor.on('*', (batch) => void sizes.push(batch.length));
    for (let n = 0; n < 7; n += 1) {
      processor.emit(event('sync.progress'));
    }
    await vi.waitFor(() => expect(sizes).toEqual([3, 3]));
    await sleep(50);
    expect(sizes).toEqual([3, 3]);
    await processor.close();
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('flushes a partial batch flushInterval after its first event', async () => {
    const processor = new RealTimeProcessor({ batchSize: 100, flushInterval: 120, logger });
    const flushedAt: number[] = [];
    processor.on('*', () => void flushedAt.push(performance.now()));
    const started = performance.now();
    processor.emit(event('agent.created'));
    await sleep(40);
    processor.emit(event('agent.updated'));
    expect(flushedAt).toEqual([]);

    await vi.waitFor(() => expect(flushedAt).toHaveLength(1), { timeout: 2000 });
    expect(flushedAt[0]! - started).toBeGreaterThanOrEqual(110);
    expect(flushedAt[0]! - started).toBeLessThan(1000);
  });

  it('gives each type its own events, and aggregated handlers the counts', async () => {
    const processor = new RealTimeProcessor({ batchSize: 4, logger });
    const conflicts: RealTimeEvent[][] = [];
    const summaries: unknown[] = [];
    processor.on('conflict.opened', (events) => void conflicts.push(events));
    processor.on('aggregated', (summary) => void summaries.push(summary));
    processor.on('*', () => {
      throw new Error('a failing handler does not stop the others');
    });
    for (const type of ['conflict.opened', 'sync.started', 'conflict.opened', 'node.created']) {
      processor.emit(event(type as EventType));
    }
    await processor.flush();

    expect(conflicts.map((batch) => batch.length)).toEqual([2]);
    expect(summaries).toEqual([
      { size: 4, counts: { 'conflict.opened': 2, 'sync.started': 1, 'node.created': 1 } },
    ]);
  });

  it('reads no further from a stream while a full batch is being handled', async () => {
    const processor = new RealTimeProcessor({ batchSize: 4, logger });
    let pulled = 0;
    const pulledAtFlush: number[] = [];
    processor.on('*', async () => {
      pulledAtFlush.push(pulled);
      await sleep(20);
    });
    async function* source() {
      for (let n = 0; n < 10; n += 1) {
        pulled += 1;
        yield await Promise.resolve(event('sync.progress'));
      }
    }

    expect(await processor.processStream(source())).toBe(10);
    expect(pulledAtFlush).toEqual([4, 8, 10]);
  });
});

describe('RealTimeProcessor.aggregateData', () => {
  it('counts sub-minute windows from memory, per type, with empty windows present', async () => {
    const processor = new RealTimeProcessor({ logger });
    const until = windowStart(Date.now(), 10_000) + 10_000;
    const at = (msBefore: number) => new Date(until - msBefore);
    processor.emit(event('sync.started', at(25_000)));
    processor.emit(event('sync.completed', at(15_000)));
    processor.emit(event('sync.started', at(5_000)));
    processor.emit(event('sync.started', at(1_000)));
    processor.emit(event('sync.started', at(20 * 60_000)));

    const windows = await processor.aggregateData(10_000, {
      since: at(40_000),
      until: new Date(until),
    });
    expect(windows.map((w) => [w.start.getTime(), w.counts])).toEqual([
      [until - 40_000, {}],
      [until - 30_000, { 'sync.started': 1 }],
      [until - 20_000, { 'sync.completed': 1 }],
      [until - 10_000, { 'sync.started': 2 }],
    ]);
    await processor.close();
  });

  it('counts whole-minute windows from the metrics table every process writes', async () => {
    const other = await openOtherConnection(database);
    const processor = new RealTimeProcessor({ db: database.db, logger });
    const hour = windowStart(Date.now(), 3_600_000) - 3_600_000;
    await database.db.insert(metrics).values([
      { name: 'agent.created', bucket: new Date(hour + 2 * 60_000), count: 4 },
      { name: 'agent.created', bucket: new Date(hour + 14 * 60_000), count: 1 },
      { name: 'agent.deleted', bucket: new Date(hour + 16 * 60_000), count: 2 },
    ]);
    await appendEvent(other.db, 'agent.created', {});
    await appendEvent(other.db, 'agent.created', {});

    const past = await processor.aggregateData(15 * 60_000, {
      since: new Date(hour),
      until: new Date(hour + 30 * 60_000),
    });
    expect(past.map((w) => w.counts)).toEqual([{ 'agent.created': 5 }, { 'agent.deleted': 2 }]);
    const [current] = (await processor.aggregateData(60_000)).slice(-1);
    expect(current?.counts['agent.created']).toBeGreaterThanOrEqual(2);
    await other.close();
  });

  it('refuses unsupported windows and ranges over 1440 windows', async () => {
    const processor = new RealTimeProcessor({ logger });
    await expect(processor.aggregateData(7_000)).rejects.toThrow(UnsupportedWindowError);
    await expect(processor.aggregateData(90_000)).rejects.toThrow(UnsupportedWindowError);
    const since = new Date(Date.now() - 2 * 86_400_000);
    await expect(processor.aggregateData(60_000, { since })).rejects.toThrow(WindowRangeError);
  });
});

describe('startRealtime', () => {
  it('feeds events appended anywhere to the processor, resumes after falling behind', async () => {
    const realtime = await startRealtime(database, {
      logger,
      hub: { clientBufferSize: 5, pollIntervalMs: 60_000 },
      processor: { batchSize: 2, flushInterval: 20 },
    });
    const other = await openOtherConnection(database);
    const seen: number[] = [];
    realtime.processor.on('*', async (events) => {
      seen.push(...events.map((e) => e.id ?? 0));
      await sleep(15);
    });
    const appended: number[] = [];
    for (let n = 0; n < 40; n += 1) {
      appended.push((await appendEvent(other.db, 'sync.progress', { n })).id);
    }

    await vi.waitFor(() => expect(seen).toEqual(appended), { timeout: 10_000 });
    await realtime.close();
    await other.close();
  });
});
