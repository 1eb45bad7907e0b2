import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents, eventLog } from '../db/schema';
import { createApiHarness, type ApiHarness } from './api-harness';

interface Agent {
  id: string;
  name: string;
  role: string;
  status: string;
  version: number;
  updatedAt: string;
  deletedAt: string | null;
}

interface Page {
  agents: Agent[];
  nextCursor: string | null;
}

let harness: ApiHarness;
let admin: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  harness = await createApiHarness();
  [admin, operator, viewer] = await Promise.all([
    harness.tokenFor('admin'),
    harness.tokenFor('operator'),
    harness.tokenFor('viewer'),
  ]);
});

afterAll(async () => {
  await harness.close();
});

async function create(name: string, extra: Record<string, unknown> = {}): Promise<Agent> {
  const res = await harness.call<Agent>('POST', '/agents', {
    token: operator,
    json: { name, role: 'recycling_expert', ...extra },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('agent routes', () => {
  it('creates an agent with version 1 and records agent.created', async () => {
    const agent = await create('Composter', { capabilities: ['compost'], metadata: { a: 1 } });
    expect(agent).toMatchObject({ name: 'Composter', status: 'active', version: 1 });
    const events = await harness.database.db.select().from(eventLog);
    expect(events.some((event) => JSON.stringify(event.payload).includes(agent.id))).toBe(true);
  });

  it('gets an agent by id and answers 404 for an unknown id', async () => {
    const agent = await create('Getter');
    const found = await harness.call<Agent>('GET', `/agents/${agent.id}`, { token: viewer });
    const missing = await harness.call('GET', `/agents/${crypto.randomUUID()}`, { token: viewer });
    expect(found.body.id).toBe(agent.id);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('patches an agent, bumping version and updatedAt', async () => {
    const agent = await create('Patcher');
    const res = await harness.call<Agent>('PATCH', `/agents/${agent.id}`, {
      token: operator,
      json: { status: 'paused', version: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paused', version: 2 });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(agent.updatedAt));
  });

  it('answers 409 when the patch names a stale version', async () => {
    const agent = await create('Stale');
    await harness.call('PATCH', `/agents/${agent.id}`, { token: operator, json: { name: 'B' } });
    const res = await harness.call('PATCH', `/agents/${agent.id}`, {
      token: operator,
      json: { name: 'C', version: 1 },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'conflict', details: { currentVersion: 2 } } });
  });

  it('soft-deletes an agent and hides it unless includeDeleted is asked', async () => {
    const agent = await create('Deleted one');
    const res = await harness.call<Agent>('DELETE', `/agents/${agent.id}`, { token: operator });
    const hidden = await harness.call('GET', `/agents/${agent.id}`, { token: viewer });
    const shown = await harness.call<Agent>('GET', `/agents/${agent.id}?includeDeleted=true`, {
      token: viewer,
    });
    const again = await harness.call('DELETE', `/agents/${agent.id}`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2 });
    expect(res.body.deletedAt).not.toBeNull();
    expect(hidden.status).toBe(404);
    expect(shown.body.deletedAt).not.toBeNull();
    expect(again.status).toBe(404);
  });

  it('lists agents with filters and walks every page once by cursor', async () => {
    const role = `pager_${Date.now()}`;
    const created = new Set<string>();
    const res = await harness.call<{ ids: string[] }>('POST', '/agents/batch', {
      token: operator,
      json: { agents: Array.from({ length: 25 }, (_, i) => ({ name: `Pager ${i}`, role })) },
    });
    res.body.ids.forEach((id) => created.add(id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/agents?role=${role}&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { body: Page } = await harness.call<Page>('GET', query, { token: viewer });
      seen.push(...page.body.agents.map((agent) => agent.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(created);
  });

  it('lists every write at once, though the lists are cached', async () => {
    const role = `fresh_${Date.now()}`;
    const list = async () =>
      (await harness.call<Page>('GET', `/agents?role=${role}`, { token: viewer })).body.agents;
    const agent = await create('Before', { role });
    expect((await list()).map((listed) => listed.name)).toEqual(['Before']);
    expect((await list()).map((listed) => listed.name)).toEqual(['Before']);
    await harness.call('PATCH', `/agents/${agent.id}`, {
      token: operator,
      json: { name: 'After', version: agent.version },
    });
    expect((await list()).map((listed) => listed.name)).toEqual(['After']);
    await harness.call('DELETE', `/agents/${agent.id}`, { token: operator });
    expect(await list()).toEqual([]);
  });

  it('finds agents by name substring, treating % and _ literally', async () => {
    await create('Solar_panel 100% expert');
    await create('Solarpanel expert');
    const res = await harness.call<Page>('GET', '/agents?q=r_panel%20100%25', { token: viewer });
    expect(res.body.agents.map((agent) => agent.name)).toEqual(['Solar_panel 100% expert']);
  });

  it('refuses a cursor it did not issue with 400', async () => {
    const res = await harness.call('GET', '/agents?cursor=bm90LWEtY3Vyc29y', { token: viewer });
    expect(res.status).toBe(400);
  });
});

describe('agent batch routes', () => {
  it('inserts a batch in one transaction and answers the ids in order', async () => {
    const res = await harness.call<{ inserted: number; ids: string[] }>('POST', '/agents/batch', {
      token: operator,
      json: {
        agents: [
          { name: 'B1', role: 'r' },
          { name: 'B2', role: 'r' },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.inserted).toBe(2);
    const [first] = await harness.database.db
      .select()
      .from(agents)
      .where(eq(agents.id, res.body.ids[0] as string));
    expect(first?.name).toBe('B1');
  });

  it('writes nothing when one record of the batch is invalid', async () => {
    const before = await harness.database.db.select().from(agents);
    const res = await harness.call('POST', '/agents/batch', {
      token: operator,
      json: {
        agents: [
          { name: 'Fine', role: 'r' },
          { name: 'Bad\u0000', role: 'r' },
        ],
      },
    });
    const after = await harness.database.db.select().from(agents);
    expect(res.status).toBe(400);
    expect(after).toHaveLength(before.length);
  });

  it('refuses more than 1000 agents in one batch', async () => {
    const list = Array.from({ length: 1001 }, (_, i) => ({ name: `N${i}`, role: 'r' }));
    const res = await harness.call('POST', '/agents/batch', {
      token: operator,
      json: { agents: list },
    });
    expect(res.status).toBe(400);
  });

  it('updates a batch by id, bumping versions, and reports unknown ids', async () => {
    const a = await create('U1');
    const b = await create('U2');
    const unknown = crypto.randomUUID();
    const res = await harness.call<{ updated: number; notFound: string[] }>(
      'PATCH',
      '/agents/batch',
      {
        token: operator,
        json: {
          agents: [
            { id: a.id, status: 'retired' },
            { id: b.id, name: 'U2 renamed' },
            { id: unknown, status: 'x' },
          ],
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 2, notFound: [unknown] });
    const changed = await harness.call<Agent>('GET', `/agents/${a.id}`, { token: viewer });
    expect(changed.body).toMatchObject({ status: 'retired', version: 2 });
  });

  it('refuses a batch update that names an id twice', async () => {
    const a = await create('Twice');
    const res = await harness.call('PATCH', '/agents/batch', {
      token: operator,
      json: {
        agents: [
          { id: a.id, name: 'x' },
          { id: a.id, name: 'y' },
        ],
      },
    });
    expect(res.status).toBe(400);
  });
});

describe('agent permissions', () => {
  it('lets a viewer read but not write', async () => {
    const list = await harness.call('GET', '/agents', { token: viewer });
    const post = await harness.call('POST', '/agents', {
      token: viewer,
      json: { name: 'x', role: 'y' },
    });
    expect(list.status).toBe(200);
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('lets an admin do everything an operator does', async () => {
    const res = await harness.call('POST', '/agents', {
      token: admin,
      json: { name: 'By admin', role: 'y' },
    });
    expect(res.status).toBe(201);
  });
});
