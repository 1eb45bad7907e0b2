import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { appendEvent, latestEventId, readEventsAfter } from '../../db/events';
import {
  openSse,
  openStalledSse,
  openWebSocket,
  RefusedStreamError,
  type OnEvent,
  type ReceivedEvent,
  type StreamClient,
} from './stream-test-clients';
import { startStreamTestServer, type StreamTestServer } from './stream-test-server';

let server: StreamTestServer;
let viewerToken: string;
/** The processor's own subscription; every client's must be gone once it disconnects. */
let baseSubscribers: number;

beforeAll(async () => {
  server = await startStreamTestServer({
    heartbeatMs: 150,
    realtime: { hub: { clientBufferSize: 64 } },
  });
  viewerToken = await server.tokenFor('viewer');
  baseSubscribers = server.realtime.hub.subscriberCount;
});

afterAll(async () => {
  await server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idsOf = (events: readonly { id: number }[]) => events.map((event) => event.id);

function sse(query = '', headers: Record<string, string> = {}, onEvent?: OnEvent) {
  const auth = { authorization: `Bearer ${viewerToken}`, ...headers };
  return openSse(`${server.url}/events${query}`, auth, onEvent);
}

function ws(query: string, onEvent?: OnEvent) {
  const url = `${server.url.replace('http', 'ws')}/ws?access_token=${viewerToken}${query}`;
  return openWebSocket(url, onEvent);
}

/** Appends `count` events from the other connection in two concurrent, paced chains. */
function appendPaced(count: number) {
  let lastId: number | undefined;
  const chain = async (index: number) => {
    let id = 0;
    for (let n = index; n < count; n += 2) {
      id = (await appendEvent(server.writer.db, 'sync.progress', { n })).id;
      await sleep(3);
    }
    return id;
  };
  const done = Promise.all([0, 1].map(chain)).then((ids) => {
    lastId = Math.max(...ids);
  });
  return { done, lastId: () => lastId };
}

type Open = (lastId: number, onEvent: (event: ReceivedEvent) => void) => Promise<StreamClient>;

/**
 * Follows the stream through repeated disconnects, each after 10 events, reconnecting with the
 * last id seen, until the last appended event arrives; returns what every connection received.
 */
async function followThroughReconnects(open: Open) {
  const from = await latestEventId(server.database.db);
  const appending = appendPaced(150);
  const received: ReceivedEvent[] = [];
  let reconnectsWhileAppending = 0;
  for (let lastId = from; lastId !== appending.lastId();) {
    let count = 0;
    const client = await open(lastId, () => {
      count += 1;
    });
    // The last event may reach this client before its append resolves, so the connection can
    // start at the last id: it is done once the appends have ended and nothing is left to see.
    const seen = lastId;
    const caughtUp = () =>
      appending.lastId() !== undefined && (client.lastId() ?? seen) === appending.lastId();
    try {
      await vi.waitFor(() => expect(count >= 10 || caughtUp()).toBe(true), {
        timeout: 10_000,
        interval: 2,
      });
      reconnectsWhileAppending += appending.lastId() === undefined ? 1 : 0;
    } finally {
      await client.close();
    }
    received.push(...client.events);
    lastId = client.lastId() ?? lastId;
  }
  await appending.done;
  return { expected: await idsAfter(from), received, reconnectsWhileAppending };
}

async function idsAfter(from: number): Promise<number[]> {
  return idsOf(await readEventsAfter(server.database.db, from, 100_000));
}

describe('GET /events', () => {
  it('streams events appended by another connection, with id: set to the event id', async () => {
    const client = await sse();
    const appended = [
      await appendEvent(server.writer.db, 'sync.started', { run: 'r-1' }),
      await appendEvent(server.writer.db, 'conflict.opened', { field: 'name' }),
    ];
    await vi.waitFor(() => expect(client.events).toHaveLength(2), { timeout: 5000 });
    await client.close();

    expect(client.events).toEqual(JSON.parse(JSON.stringify(appended)));
    expect(client.ids).toEqual(idsOf(appended));
    expect(client.retries).toEqual([1000]);
  });

  it('answers with the edge headers, written to the socket or streamed by Hono', async () => {
    const init = { headers: { authorization: `Bearer ${viewerToken}`, 'x-request-id': 'sse-1' } };
    const controller = new AbortController();
    const overSocket = await fetch(`${server.url}/events`, { ...init, signal: controller.signal });
    const throughApp = await server.app.request('/events', init);
    for (const response of [overSocket, throughApp]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-request-id')).toBe('sse-1');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('retry: 1000\n\n');
      await reader.cancel();
    }
    controller.abort();
    await vi.waitFor(() => expect(server.realtime.hub.subscriberCount).toBe(baseSubscribers));
  });

  it('answers HEAD with the stream headers and ends; the connection stays usable', async () => {
    const headers = { authorization: `Bearer ${viewerToken}` };
    const head = await fetch(`${server.url}/events`, { method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream');
    expect(await head.text()).toBe('');
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBeLessThan(500);
    await vi.waitFor(() => expect(server.realtime.hub.subscriberCount).toBe(baseSubscribers));
  });

  it('misses nothing and repeats nothing across reconnects with Last-Event-ID', async () => {
    const result = await followThroughReconnects((lastId, onEvent) =>
      sse('', { 'last-event-id': String(lastId) }, onEvent),
    );
    expect(idsOf(result.received)).toEqual(result.expected);
    expect(result.reconnectsWhileAppending).toBeGreaterThanOrEqual(3);
    await vi.waitFor(() => expect(server.realtime.hub.subscriberCount).toBe(baseSubscribers));
  });

  it('resumes from ?lastEventId= and delivers only ?types=', async () => {
    const from = await latestEventId(server.database.db);
    await appendEvent(server.writer.db, 'agent.created', {});
    const wanted = await appendEvent(server.writer.db, 'agent.deleted', {});
    const client = await sse(`?lastEventId=${from}&types=agent.deleted,agent.updated`);
    const updated = await appendEvent(server.writer.db, 'agent.updated', {});
    await vi.waitFor(() => expect(idsOf(client.events)).toEqual([wanted.id, updated.id]), {
      timeout: 5000,
    });
    await client.close();
  });

  it('cuts off a client that stops reading; it resumes from its last id, no gap', async () => {
    const from = await latestEventId(server.database.db);
    const auth = { authorization: `Bearer ${viewerToken}` };
    const stalled = await openStalledSse(`${server.url}/events`, auth);
    const blob = 'x'.repeat(48_000);
    const appended: number[] = [];
    for (let n = 0; n < 300; n += 1) {
      appended.push((await appendEvent(server.writer.db, 'sync.progress', { n, blob })).id);
    }

    await vi.waitFor(() => expect(server.realtime.hub.subscriberCount).toBe(baseSubscribers), {
      timeout: 10_000,
    });
    const { events: before, isComplete } = await stalled.resume();
    expect(isComplete).toBe(false);
    expect(before.length).toBeLessThan(appended.length);
    const lastId = before.at(-1)?.id ?? from;
    const rest = await sse('', { 'last-event-id': String(lastId) });
    await vi.waitFor(() => expect(rest.lastId()).toBe(appended.at(-1)), { timeout: 10_000 });
    await rest.close();
    expect(idsOf([...before, ...rest.events])).toEqual(appended);
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const client = await sse('?types=agent.deleted');
    await vi.waitFor(() => expect(client.comments).toContain('heartbeat'), { timeout: 5000 });
    await client.close();
  });

  it('admits every role, by header or ?access_token=', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const token = await server.tokenFor(role);
      const client = await openSse(`${server.url}/events?access_token=${token}`);
      await client.close();
    }
  });

  it('refuses a missing or invalid token with 401 and the JSON error body', async () => {
    const anonymous = openSse(`${server.url}/events`);
    await expect(anonymous).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    const forged = openSse(`${server.url}/events?access_token=${viewerToken}x`);
    await expect(forged).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_token' } },
    });
  });

  it('answers 400 for a malformed last event id, unknown type or unknown parameter', async () => {
    for (const [query, headers] of [
      ['?lastEventId=abc', {}],
      ['?lastEventId=-1', {}],
      ['?types=sync.started,nope', {}],
      ['?since=1', {}],
      ['', { 'last-event-id': "1' OR 1=1" }],
    ] as const) {
      const refused = await sse(query, headers).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RefusedStreamError);
      expect(refused).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed' } },
      });
    }
  });
});

describe('GET /ws', () => {
  it('streams events appended through another connection as JSON messages', async () => {
    const client = await ws('');
    const event = await appendEvent(server.writer.db, 'node.created', { nodeId: 'n-9' });
    await vi.waitFor(() => expect(client.events).toEqual([JSON.parse(JSON.stringify(event))]), {
      timeout: 5000,
    });
    await client.close();
  });

  it('misses nothing and repeats nothing across reconnects with ?lastEventId=', async () => {
    const result = await followThroughReconnects((lastId, onEvent) =>
      ws(`&lastEventId=${lastId}`, onEvent),
    );
    expect(idsOf(result.received)).toEqual(result.expected);
    expect(result.reconnectsWhileAppending).toBeGreaterThanOrEqual(3);
  });

  it('refuses the upgrade without a valid token, and a plain GET with 426', async () => {
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    await expect(openWebSocket(wsUrl)).rejects.toMatchObject({ status: 401 });
    await expect(openWebSocket(`${wsUrl}?access_token=nope`)).rejects.toMatchObject({
      status: 401,
    });
    const plain = await fetch(`${server.url}/ws`, {
      headers: { authorization: `Bearer ${viewerToken}` },
    });
    expect(plain.status).toBe(426);
    const body = (await plain.json()) as { error: { message: string } };
    expect(body.error.message).toContain('WebSocket upgrade');
  });
});

describe('the OpenAPI document', () => {
  it('describes the stream routes and their parameters', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, { get: { parameters: unknown[] } }> };
    const names = (path: string) =>
      doc.paths[path]?.get.parameters.map((p) => (p as { name: string }).name);
    expect(names('/events')).toEqual(['lastEventId', 'types', 'access_token', 'last-event-id']);
    expect(names('/ws')).toEqual(['lastEventId', 'types', 'access_token']);
  });
});
