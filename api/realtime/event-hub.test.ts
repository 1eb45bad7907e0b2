import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { loggerOptions } from '../../core/logger';
import type { Database } from '../../db/client';
import { appendEvent, readEventsAfter, type StoredEvent } from '../../db/events';
import { createTestDatabase, type TestDatabase } from '../../test/test-db';
import { openOtherConnection } from '../routes/stream-test-server';
import { HubNotRunningError, SlowSubscriberError } from './errors';
import { EventHub } from './event-hub';
import { followEvents } from './event-stream';
import type { EventSink } from './subscriber';

let database: TestDatabase;
let other: Database;
let hub: EventHub;

beforeAll(async () => {
  database = await createTestDatabase();
  other = await openOtherConnection(database);
  // A one-minute poll: whatever arrives within the tests' limits came through NOTIFY.
  const logger = pino(loggerOptions('silent'));
  hub = new EventHub(database, {
    pollIntervalMs: 60_000,
    pageSize: 7,
    clientBufferSize: 20,
    logger,
  });
  await hub.start();
});

afterAll(async () => {
  await hub.close();
  await other.close();
  await database.close();
});

interface Collector {
  events: StoredEvent[];
  sink: EventSink;
  endedWith: () => Error | 'closed' | undefined;
}

function collect(writeDelayMs = 0): Collector {
  const events: StoredEvent[] = [];
  let ending: Error | 'closed' | undefined;
  const sink: EventSink = {
    write: async (batch) => {
      if (writeDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, writeDelayMs));
      }
      events.push(...batch);
    },
    end: (error) => {
      ending = error ?? 'closed';
    },
  };
  return { events, sink, endedWith: () => ending };
}

async function appendMany(db: Database, count: number, chains = 1): Promise<number[]> {
  const ids: number[] = [];
  const chain = async (index: number) => {
    for (let n = index; n < count; n += chains) {
      ids.push((await appendEvent(db.db, 'sync.progress', { n })).id);
    }
  };
  await Promise.all(Array.from({ length: chains }, (_, index) => chain(index)));
  return ids.sort((a, b) => a - b);
}

const idsOf = (events: readonly { id: number }[]) => events.map((event) => event.id);

describe('EventHub', () => {
  it('delivers an event appended through another connection', async () => {
    const live = collect();
    const subscription = hub.subscribe({ sink: live.sink });
    const event = await appendEvent(other.db, 'agent.created', { agentId: 'a-1' });

    await vi.waitFor(() => expect(live.events).toEqual([event]), { timeout: 5000 });
    subscription.close();
    expect(live.endedWith()).toBe('closed');
  });

  it('sends backlog then live events with no gap or duplicate while appends go on', async () => {
    // A hub of its own whose clients are never dropped as too slow, however long a loaded
    // machine stretches the slow sinks' 1 ms writes: this test is about gaps, not drops.
    const roomy = new EventHub(database, {
      pollIntervalMs: 60_000,
      pageSize: 7,
      clientBufferSize: 10_000,
      logger: pino(loggerOptions('silent')),
    });
    await roomy.start();
    const earlier = await appendMany(other, 30);
    const appending = appendMany(other, 150, 3);
    const starts = [0, earlier[0]!, earlier[14]!, earlier[29]!];
    const subscribers = [];
    for (const [index, lastEventId] of starts.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      const collector = collect(index % 2);
      roomy.subscribe({ sink: collector.sink, lastEventId });
      subscribers.push({ collector, lastEventId });
    }
    const last = (await appending).at(-1)!;

    try {
      for (const { collector, lastEventId } of subscribers) {
        await vi.waitFor(() => expect(collector.events.at(-1)?.id).toBe(last), {
          timeout: 15_000,
        });
        const expected = await readEventsAfter(database.db, lastEventId, 10_000, last);
        expect(idsOf(collector.events)).toEqual(idsOf(expected));
        expect(collector.endedWith()).toBeUndefined();
      }
    } finally {
      await roomy.close();
    }
  });

  it('reads live events that overflowed its buffer in catch-up back from the table', async () => {
    const from = hub.lastEventId;
    const backlog = await appendMany(other, 3);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const received: StoredEvent[] = [];
    const sink: EventSink = {
      write: async (batch) => {
        await gate;
        received.push(...batch);
      },
      end: () => undefined,
    };
    hub.subscribe({ sink, lastEventId: from });
    const live = await appendMany(other, 45);
    await vi.waitFor(() => expect(hub.lastEventId).toBe(live.at(-1)), { timeout: 5000 });

    release();
    await vi.waitFor(() => expect(idsOf(received)).toEqual([...backlog, ...live]), {
      timeout: 5000,
    });
  });

  it('drops a subscriber that falls too far behind, naming the id to resume from', async () => {
    let error: Error | undefined;
    const stuck: EventSink = {
      write: () => new Promise(() => undefined),
      end: (reason) => {
        error = reason;
      },
    };
    const before = hub.lastEventId;
    hub.subscribe({ sink: stuck });
    const appended = await appendMany(other, 25);

    await vi.waitFor(() => expect(error).toBeInstanceOf(SlowSubscriberError), { timeout: 5000 });
    expect((error as SlowSubscriberError).lastEventId).toBe(before);

    const resumed = collect();
    hub.subscribe({ sink: resumed.sink, lastEventId: before });
    await vi.waitFor(() => expect(idsOf(resumed.events)).toEqual(appended), { timeout: 5000 });
  });

  it('delivers only the requested types', async () => {
    const filtered = collect();
    const from = hub.lastEventId;
    hub.subscribe({ sink: filtered.sink, types: ['conflict.opened', 'conflict.resolved'] });
    await appendEvent(other.db, 'sync.started', {});
    const opened = await appendEvent(other.db, 'conflict.opened', {});
    await appendEvent(other.db, 'sync.completed', {});
    const resolved = await appendEvent(other.db, 'conflict.resolved', {});

    await vi.waitFor(() => expect(filtered.events).toEqual([opened, resolved]), { timeout: 5000 });
    const replay = collect();
    hub.subscribe({ sink: replay.sink, types: ['conflict.resolved'], lastEventId: from });
    await vi.waitFor(() => expect(replay.events).toEqual([resolved]), { timeout: 5000 });
  });

  it('treats notifications as a doorbell, whatever their payload says', async () => {
    const live = collect();
    hub.subscribe({ sink: live.sink });
    await other.db.execute(sql`SELECT pg_notify('eco_events', '999999999')`);
    await other.db.execute(sql`SELECT pg_notify('eco_events', 'not an id')`);
    const event = await appendEvent(other.db, 'node.created', {});
    await other.db.execute(sql`SELECT pg_notify('eco_events', ${String(event.id)})`);

    await vi.waitFor(() => expect(live.events).toEqual([event]), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(live.events).toEqual([event]);
  });
});

describe('followEvents', () => {
  it('iterates the backlog then live events and unsubscribes when the loop breaks', async () => {
    const from = hub.lastEventId;
    const backlog = await appendMany(other, 3);
    const subscribers = hub.subscriberCount;
    const seen: number[] = [];
    const appendLater = setTimeout(() => void appendMany(other, 2), 50);

    for await (const event of followEvents(hub, { lastEventId: from })) {
      seen.push(event.id);
      if (seen.length === 5) {
        break;
      }
    }
    clearTimeout(appendLater);
    expect(seen.slice(0, 3)).toEqual(backlog);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(hub.subscriberCount).toBe(subscribers);
  });

  it('refuses subscriptions before start and after close', async () => {
    const idle = new EventHub(database);
    expect(() => idle.subscribe({ sink: collect().sink })).toThrow(HubNotRunningError);
    await idle.start();
    const live = collect();
    idle.subscribe({ sink: live.sink });
    await idle.close();
    expect(live.endedWith()).toBe('closed');
    expect(() => idle.subscribe({ sink: collect().sink })).toThrow(HubNotRunningError);
  });
});
