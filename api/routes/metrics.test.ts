import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { appendEvent } from '../../db/events';
import { metrics } from '../../db/schema';
import { startStreamTestServer, type StreamTestServer } from './stream-test-server';

let server: StreamTestServer;

beforeAll(async () => {
  server = await startStreamTestServer();
});

afterAll(async () => {
  await server.close();
});

interface Aggregate {
  window: string;
  windowMs: number;
  windows: { start: string; end: string; counts: Record<string, number> }[];
}

async function get(query: string, token?: string) {
  const headers: Record<string, string> = {};
  if (token !== undefined) {
    headers.authorization = `Bearer ${token}`;
  }
  const res = await fetch(`${server.url}/metrics/aggregate${query}`, { headers });
  return { status: res.status, body: (await res.json()) as Aggregate & { error?: unknown } };
}

const hourMs = 3_600_000;

describe('GET /metrics/aggregate', () => {
  it('counts events per type per tumbling window, every window present', async () => {
    const twoHoursAgo = Math.floor(Date.now() / hourMs) * hourMs - 2 * hourMs;
    await server.database.db.insert(metrics).values([
      { name: 'sync.completed', bucket: new Date(twoHoursAgo + 3 * 60_000), count: 2 },
      { name: 'sync.failed', bucket: new Date(twoHoursAgo + 14 * 60_000), count: 1 },
      { name: 'sync.completed', bucket: new Date(twoHoursAgo + 31 * 60_000), count: 5 },
    ]);
    await appendEvent(server.writer.db, 'node.created', {});
    await appendEvent(server.writer.db, 'node.created', {});
    await appendEvent(server.writer.db, 'agent.updated', {});

    const since = new Date(twoHoursAgo + 7 * 60_000).toISOString();
    const res = await get(`?window=15m&since=${since}`, await server.tokenFor('viewer'));
    expect(res.status).toBe(200);
    expect(res.body.window).toBe('15m');
    expect(res.body.windows[0]).toEqual({
      start: new Date(twoHoursAgo).toISOString(),
      end: new Date(twoHoursAgo + 15 * 60_000).toISOString(),
      counts: { 'sync.completed': 2, 'sync.failed': 1 },
    });
    expect(res.body.windows[1]?.counts).toEqual({});
    expect(res.body.windows[2]?.counts).toEqual({ 'sync.completed': 5 });
    expect(res.body.windows.length).toBeGreaterThanOrEqual(9);
    // The appends fell in the current window, or the one before if a boundary passed since.
    const recent = res.body.windows.slice(-2).map((window) => window.counts);
    const recentCount = (type: string) => recent.reduce((sum, c) => sum + (c[type] ?? 0), 0);
    expect(recentCount('node.created')).toBe(2);
    expect(recentCount('agent.updated')).toBe(1);
  });

  it('answers the last 12 one-minute windows by default, to every role', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const res = await get('', await server.tokenFor(role));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ window: '1m', windowMs: 60_000 });
      expect(res.body.windows).toHaveLength(12);
    }
  });

  it('answers 400 for a bad window, bad or out-of-range since, or unknown parameter', async () => {
    const token = await server.tokenFor('viewer');
    const future = new Date(Date.now() + hourMs).toISOString();
    const longAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    for (const query of [
      '?window=2m',
      '?window=1m;DROP TABLE metrics',
      '?since=yesterday',
      `?since=${future}`,
      `?window=1m&since=${longAgo}`,
      '?windows=1m',
    ]) {
      const res = await get(query, token);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('refuses a request without a bearer token', async () => {
    const res = await get('?window=5m');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'unauthorized' });
  });
});
