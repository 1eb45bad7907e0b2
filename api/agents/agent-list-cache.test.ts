import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents } from '../../db/schema';
import { createServerTestDatabase, type ServerTestDatabase } from '../../test/test-db';
import { waitFor } from '../../test/wait-for';
import { AgentListCache } from './agent-list-cache';
import { agentPageKey, listAgents, type AgentFilter } from './list-agents';

let database: ServerTestDatabase;

beforeAll(async () => {
  database = await createServerTestDatabase();
  await database.db
    .insert(agents)
    .values(Array.from({ length: 30 }, (_, i) => ({ name: `Cached ${i}`, role: 'cache_test' })));
});

afterAll(async () => {
  await database.close();
});

const filter: AgentFilter = { role: 'cache_test', limit: 5 };

/** Reads through `cache`, counting the reads that reached the database. */
function counted(cache: AgentListCache, wanted: AgentFilter = filter) {
  let loads = 0;
  const read = () =>
    cache.read(agentPageKey(wanted), () => {
      loads += 1;
      return listAgents(database.db, wanted);
    });
  return { read, loads: () => loads };
}

async function withCache<T>(run: (cache: AgentListCache) => Promise<T>): Promise<T> {
  const cache = new AgentListCache();
  await cache.start(database);
  try {
    return await run(cache);
  } finally {
    await cache.close();
  }
}

describe('AgentListCache', () => {
  it('answers a repeated list from memory', async () => {
    await withCache(async (cache) => {
      const { read, loads } = counted(cache);
      const first = await read();
      const second = await read();
      expect(second).toEqual(first);
      expect(first.agents).toHaveLength(5);
      expect(loads()).toBe(1);
    });
  });

  it('keys pages by every filter field', () => {
    const keys = new Set(
      [
        filter,
        { ...filter, limit: 6 },
        { ...filter, status: 'active' },
        { ...filter, q: 'x' },
        { ...filter, cursor: 'abc' },
        { ...filter, isDeletedIncluded: true },
        { limit: 5 },
      ].map(agentPageKey),
    );
    expect(keys.size).toBe(7);
  });

  it('forgets its pages when any connection changes the agents', async () => {
    await withCache(async (cache) => {
      const { read, loads } = counted(cache);
      const before = await read();
      const newest = before.agents[0];
      // A plain statement, as another process or psql would send it: the trigger rings.
      const id = newest?.id;
      await database.db.execute(
        sql`UPDATE agents SET name = 'Renamed elsewhere', updated_at = now() WHERE id = ${id}`,
      );
      const after = await waitFor(
        async () => {
          const page = await read();
          return page.agents[0]?.name === 'Renamed elsewhere' && page;
        },
        { timeoutMs: 5000, what: 'The renamed agent in the cached list' },
      );
      expect(after.agents[0]?.id).toBe(newest?.id);
      expect(loads()).toBeGreaterThanOrEqual(2);
    });
  });

  it('does not keep a page that was being read when the cache was emptied', async () => {
    await withCache(async (cache) => {
      let loads = 0;
      const key = agentPageKey(filter);
      const load = async () => {
        loads += 1;
        const page = await listAgents(database.db, filter);
        if (loads === 1) {
          cache.invalidate();
        }
        return page;
      };
      await cache.read(key, load);
      expect(cache.size).toBe(0);
      await cache.read(key, load);
      await cache.read(key, load);
      expect(loads).toBe(2);
    });
  });

  it('holds at most its bound, dropping the least recently read', async () => {
    const cache = new AgentListCache(2);
    await cache.start(database);
    try {
      const [a, b, c] = [1, 2, 3].map((limit) => counted(cache, { ...filter, limit }));
      await a?.read();
      await b?.read();
      await a?.read();
      await c?.read();
      expect(cache.size).toBe(2);
      await a?.read();
      await b?.read();
      expect([a?.loads(), b?.loads(), c?.loads()]).toEqual([1, 2, 1]);
    } finally {
      await cache.close();
    }
  });

  it('reads through while its listening connection is down, caches again once back', async () => {
    await withCache(async (cache) => {
      const { read, loads } = counted(cache);
      await read();
      await database.db.execute(
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE query = 'LISTEN "eco_agents_changed"' AND datname = current_database()`,
      );
      // Until LISTEN is back, a change could go unheard: nothing is served from memory.
      await waitFor(
        async () => {
          const before = loads();
          await read();
          return loads() > before;
        },
        { timeoutMs: 5000, what: 'A read that bypasses the cache' },
      );
      await waitFor(
        async () => {
          await read();
          const before = loads();
          await read();
          return loads() === before;
        },
        { timeoutMs: 10_000, what: 'The cache serving again after LISTEN came back' },
      );
      await database.db.execute(sql`UPDATE agents SET status = 'paused' WHERE role = 'cache_test'`);
      const paused = await waitFor(
        async () => {
          const page = await read();
          return page.agents.every((agent) => agent.status === 'paused') && page;
        },
        { timeoutMs: 5000, what: 'The change heard on the restored connection' },
      );
      expect(paused.agents).toHaveLength(5);
    });
  });

  it('reads through after close', async () => {
    const cache = new AgentListCache();
    await cache.start(database);
    await cache.close();
    const { read, loads } = counted(cache);
    await read();
    await read();
    expect(loads()).toBe(2);
  });
});
