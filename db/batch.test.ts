import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { trickyTexts } from '../test/db-tricky-text';
import { batchInsert, batchUpdate } from './batch';
import { DatabaseError, InvalidValueError } from './errors';
import { executeQuery } from './execute-query';
import { agents, conversationNodes, conversationTrees } from './schema';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  // A statement-level trigger counts UPDATE statements, so a test can tell one statement per
  // chunk from one per row on either driver.
  await executeQuery(database.db, 'create table update_statements (n int not null)');
  await executeQuery(
    database.db,
    `create function count_update() returns trigger language plpgsql as $$
     begin insert into update_statements values (1); return null; end $$`,
  );
  await executeQuery(
    database.db,
    `create trigger agents_update_count after update on agents
     for each statement execute function count_update()`,
  );
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  await executeQuery(database.db, 'truncate agents, update_statements');
});

async function count(table: 'agents' | 'update_statements'): Promise<number> {
  const { rows } = await executeQuery<{ n: number }>(
    database.db,
    `select count(*)::int as n from ${table}`,
  );
  return rows[0]?.n ?? -1;
}

function agentRows(n: number, role = 'bulk'): (typeof agents.$inferInsert)[] {
  return Array.from({ length: n }, (_, index) => ({
    name: `agent ${index}`,
    role,
    status: index % 2 === 0 ? 'active' : 'idle',
    capabilities: [`skill-${index % 7}`],
    metadata: { index, nested: { label: `#${index}` } },
  }));
}

describe('batchInsert', () => {
  it('sends one chunk with more values than the 65,535-parameter limit', async () => {
    const records = agentRows(14_000);
    expect(records.length * 5).toBeGreaterThan(65_535);
    expect(await batchInsert(database.db, agents, records, { chunkSize: 20_000 })).toBe(14_000);
    expect(await count('agents')).toBe(14_000);
    const [sample] = await database.db.select().from(agents).where(eq(agents.name, 'agent 13999'));
    expect(sample).toMatchObject({ status: 'idle', capabilities: ['skill-6'], version: 1 });
    expect(sample?.metadata).toEqual({ index: 13999, nested: { label: '#13999' } });
  });

  it('stores tricky text in text, text-array and jsonb columns exactly', async () => {
    const records = trickyTexts.map((text, index) => ({
      name: text,
      role: `tricky-${index}`,
      capabilities: [text, text],
      metadata: { text, [text.slice(0, 50) || 'empty']: [text] },
    }));
    expect(await batchInsert(database.db, agents, records)).toBe(records.length);
    const stored = await database.db.select().from(agents);
    for (const record of records) {
      const row = stored.find((candidate) => candidate.role === record.role);
      expect(row).toMatchObject(record);
    }
  });

  it('applies column defaults to fields a record leaves out, per record', async () => {
    await batchInsert(database.db, agents, [
      { name: 'with status', role: 'r', status: 'paused' },
      { name: 'without status', role: 'r' },
    ]);
    const rows = await database.db.select().from(agents);
    const statuses = Object.fromEntries(rows.map((row) => [row.name, row.status]));
    expect(statuses).toEqual({ 'with status': 'paused', 'without status': 'active' });
  });

  it('casts values into enum, uuid and timestamp columns', async () => {
    const [tree] = await database.db.insert(conversationTrees).values({ title: 't' }).returning();
    const createdAt = new Date('2024-02-29T12:34:56.789Z');
    const inserted = await batchInsert(database.db, conversationNodes, [
      {
        treeId: tree?.id ?? '',
        role: 'assistant',
        stage: 'canopy_of_synthesis',
        message: 'm',
        createdAt,
      },
    ]);
    expect(inserted).toBe(1);
    const [node] = await database.db
      .select()
      .from(conversationNodes)
      .where(eq(conversationNodes.treeId, tree?.id ?? ''));
    expect(node).toMatchObject({ role: 'assistant', stage: 'canopy_of_synthesis', createdAt });
  });

  it('refuses a NUL character nested in jsonb before writing any chunk', async () => {
    const records = agentRows(50);
    records[42] = { ...records[42], name: 'n', role: 'r', metadata: { deep: [{ x: 'a\u0000b' }] } };
    const attempt = batchInsert(database.db, agents, records, { chunkSize: 10 });
    await expect(attempt).rejects.toThrow(InvalidValueError);
    await expect(attempt).rejects.toMatchObject({ field: 'agents[42].metadata.deep[0].x' });
    expect(await count('agents')).toBe(0);
  });

  it('refuses a key that is not a column of the table', async () => {
    const records = [
      { name: 'a', role: 'r', colour: 'green' },
    ] as unknown as (typeof agents.$inferInsert)[];
    await expect(batchInsert(database.db, agents, records)).rejects.toMatchObject({
      name: 'InvalidValueError',
      field: 'agents[0].colour',
    });
  });

  it('writes all chunks or none when a later chunk fails', async () => {
    const records = agentRows(30);
    records[25] = { name: null as unknown as string, role: 'r' };
    const attempt = batchInsert(database.db, agents, records, { chunkSize: 10 });
    await expect(attempt).rejects.toThrow(DatabaseError);
    await expect(attempt).rejects.toMatchObject({ code: '23502' });
    expect(await count('agents')).toBe(0);
  });

  it('refuses a value its column cannot encode, such as a string for a timestamp', async () => {
    const records = [
      { name: 'a', role: 'r' },
      { name: 'b', role: 'r', deletedAt: '2024-01-01' as unknown as Date },
    ];
    await expect(batchInsert(database.db, agents, records, { chunkSize: 1 })).rejects.toMatchObject(
      {
        name: 'InvalidValueError',
        field: 'deletedAt',
      },
    );
    expect(await count('agents')).toBe(0);
  });

  it('returns 0 for no records', async () => {
    expect(await batchInsert(database.db, agents, [])).toBe(0);
  });
});

describe('batchUpdate', () => {
  async function seeded(n: number) {
    await batchInsert(database.db, agents, agentRows(n));
    await executeQuery(database.db, "update agents set updated_at = now() - interval '1 day'");
    await executeQuery(database.db, 'truncate update_statements');
    return database.db.select().from(agents).orderBy(agents.name);
  }

  it('updates many rows with one statement per chunk, not one per row', async () => {
    const rows = await seeded(250);
    const changes = rows.map((row) => ({ id: row.id, name: `${row.name} renamed` }));
    expect(await batchUpdate(database.db, agents, changes, 'id', { chunkSize: 100 })).toBe(250);
    expect(await count('update_statements')).toBe(3);
    const renamed = await database.db.select().from(agents);
    expect(renamed.every((row) => row.name.endsWith(' renamed'))).toBe(true);
  });

  it('bumps version and sets updated_at on every row it writes', async () => {
    const rows = await seeded(3);
    const target = rows[0];
    await batchUpdate(database.db, agents, [{ id: target?.id ?? '', status: 'retired' }], 'id');
    const after = await database.db.select().from(agents);
    const changed = after.find((row) => row.id === target?.id);
    const untouched = after.filter((row) => row.id !== target?.id);
    expect(changed).toMatchObject({ status: 'retired', version: 2 });
    expect(changed?.updatedAt.getTime()).toBeGreaterThan(target?.updatedAt.getTime() ?? 0);
    expect(untouched.every((row) => row.version === 1)).toBe(true);
  });

  it('sets only the columns each record gives, and null where a record says null', async () => {
    const rows = await seeded(2);
    const [first, second] = rows;
    await batchUpdate(
      database.db,
      agents,
      [
        { id: first?.id ?? '', role: 'solo' },
        { id: second?.id ?? '', deletedAt: new Date('2025-01-01T00:00:00Z'), metadata: {} },
      ],
      'id',
    );
    const after = await database.db
      .select()
      .from(agents)
      .where(inArray(agents.id, [first?.id ?? '', second?.id ?? '']))
      .orderBy(agents.name);
    expect(after[0]).toMatchObject({ role: 'solo', status: first?.status, deletedAt: null });
    expect(after[1]).toMatchObject({ role: second?.role, metadata: {} });
    expect(after[1]?.deletedAt?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    await batchUpdate(database.db, agents, [{ id: second?.id ?? '', deletedAt: null }], 'id');
    const [restored] = await database.db
      .select()
      .from(agents)
      .where(eq(agents.id, second?.id ?? ''));
    expect(restored?.deletedAt).toBeNull();
  });

  it('stores tricky text exactly and counts only rows whose key matched', async () => {
    const rows = await seeded(trickyTexts.length);
    const changes = trickyTexts.map((text, index) => ({
      id: rows[index]?.id ?? '',
      name: text,
      metadata: { text },
    }));
    changes.push({
      id: '00000000-0000-4000-8000-000000000000',
      name: 'nobody',
      metadata: { text: '' },
    });
    expect(await batchUpdate(database.db, agents, changes, 'id')).toBe(trickyTexts.length);
    const after = await database.db.select().from(agents);
    for (const change of changes.slice(0, -1)) {
      expect(after.find((row) => row.id === change.id)).toMatchObject(change);
    }
  });

  it('refuses repeated or missing keys, NUL and maintained columns before writing', async () => {
    const rows = await seeded(2);
    const id = rows[0]?.id ?? '';
    const attempts = [
      {
        records: [
          { id, name: 'a' },
          { id, name: 'b' },
        ],
        field: 'agents[1].id',
      },
      { records: [{ name: 'a' } as { id: string; name: string }], field: 'agents[0].id' },
      { records: [{ id, name: 'a\u0000' }], field: 'agents[0].name' },
      { records: [{ id, version: 9 }], field: 'agents[0].version' },
    ];
    for (const attempt of attempts) {
      await expect(batchUpdate(database.db, agents, attempt.records, 'id')).rejects.toMatchObject({
        name: 'InvalidValueError',
        field: attempt.field,
      });
    }
    expect(await count('update_statements')).toBe(0);
  });

  it('lets the caller set version itself when touch is off', async () => {
    const rows = await seeded(1);
    const id = rows[0]?.id ?? '';
    await batchUpdate(database.db, agents, [{ id, version: 7 }], 'id', { touch: false });
    const [row] = await database.db.select().from(agents).where(eq(agents.id, id));
    expect(row?.version).toBe(7);
    expect(row?.updatedAt.getTime()).toBe(rows[0]?.updatedAt.getTime());
  });
});
