import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { trickyTexts } from '../test/db-tricky-text';
import { DatabaseError, InvalidValueError, ParameterCountError } from './errors';
import { executeQuery } from './execute-query';
import { transaction } from './transaction';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function agentCount(): Promise<number> {
  const { rows } = await executeQuery<{ count: number }>(
    database.db,
    'select count(*)::int as count from agents',
  );
  return rows[0]?.count ?? -1;
}

describe('executeQuery', () => {
  it('stores and reads back SQL metacharacters, emoji, RTL and long text exactly', async () => {
    for (const text of trickyTexts) {
      const inserted = await executeQuery<{ id: string }>(
        database.db,
        'insert into agents (name, role, metadata) values ($1, $2, $3::jsonb) returning id',
        [text, 'tester', JSON.stringify({ text })],
      );
      const { rows } = await executeQuery<{ name: string; metadata: { text: string } }>(
        database.db,
        'select name, metadata from agents where id = $1',
        [inserted.rows[0]?.id],
      );
      expect(rows).toEqual([{ name: text, metadata: { text } }]);
    }
    const tables = await executeQuery(database.db, "select to_regclass('agents') as t");
    expect(tables.rows[0]).toEqual({ t: 'agents' });
  });

  it('binds the same parameter at every place its placeholder appears', async () => {
    const { rows } = await executeQuery(database.db, 'select $1::text as a, $1::text || $2 as b', [
      "it's",
      '$1',
    ]);
    expect(rows).toEqual([{ a: "it's", b: "it's$1" }]);
  });

  it('leaves placeholders inside literals untouched', async () => {
    const { rows } = await executeQuery(
      database.db,
      "select '$1' as literal, $1::int as value",
      [7],
    );
    expect(rows).toEqual([{ literal: '$1', value: 7 }]);
  });

  it('reports how many rows a statement changed', async () => {
    await executeQuery(database.db, "insert into agents (name, role) values ('a', 'counted')");
    await executeQuery(database.db, "insert into agents (name, role) values ('b', 'counted')");
    const result = await executeQuery(
      database.db,
      "update agents set status = 'x' where role = $1",
      ['counted'],
    );
    expect(result.rowCount).toBe(2);
  });

  it('refuses a NUL character in a parameter before sending, naming the parameter', async () => {
    const before = await agentCount();
    const attempt = executeQuery(database.db, 'insert into agents (name, role) values ($1, $2)', [
      'ok',
      'bad\u0000role',
    ]);
    await expect(attempt).rejects.toThrow(InvalidValueError);
    await expect(attempt).rejects.toMatchObject({ field: '$2' });
    expect(await agentCount()).toBe(before);
  });

  it('refuses a placeholder without a parameter, and a parameter without one', async () => {
    await expect(executeQuery(database.db, 'select $1, $2', [1])).rejects.toThrow(
      ParameterCountError,
    );
    await expect(executeQuery(database.db, 'select $2', [1, 2])).rejects.toThrow(
      ParameterCountError,
    );
  });

  it('wraps a server error into a DatabaseError with the SQL, the code and no values', async () => {
    const text = 'insert into agents (id, name, role) values ($1, $2, $3)';
    const id = '6d1f2c8e-8a3b-4f57-9a55-0c1e2f3a4b5c';
    await executeQuery(database.db, text, [id, 'first', 'secret-role-value']);
    const error: unknown = await executeQuery(database.db, text, [
      id,
      'second',
      'secret-role-value',
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ sql: text, paramCount: 3, code: '23505' });
    expect((error as Error).message).not.toContain('secret-role-value');
  });

  it('runs inside a transaction when given its handle', async () => {
    const before = await agentCount();
    await expect(
      transaction(database.db, async (tx) => {
        await executeQuery(tx, 'insert into agents (name, role) values ($1, $2)', ['t', 'tx']);
        const inside = await executeQuery<{ count: number }>(
          tx,
          'select count(*)::int as count from agents',
        );
        expect(inside.rows[0]?.count).toBe(before + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await agentCount()).toBe(before);
  });
});
