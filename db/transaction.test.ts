import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { batchInsert } from './batch';
import { DatabaseError } from './errors';
import { executeQuery } from './execute-query';
import { agents } from './schema';
import { transaction } from './transaction';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  await executeQuery(database.db, 'truncate agents');
});

async function names(): Promise<string[]> {
  const rows = await database.db.select({ name: agents.name }).from(agents).orderBy(agents.name);
  return rows.map((row) => row.name);
}

class Abort extends Error {
  override readonly name = 'Abort';
}

describe('transaction', () => {
  it('commits the work of a function that resolves and returns its result', async () => {
    const result = await transaction(database.db, async (tx) => {
      await batchInsert(tx, agents, [{ name: 'kept', role: 'r' }]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names()).toEqual(['kept']);
  });

  it('leaves nothing behind when the function throws, rethrowing its error as is', async () => {
    const error = new Abort('stop');
    const attempt = transaction(database.db, async (tx) => {
      await batchInsert(tx, agents, [
        { name: 'a', role: 'r' },
        { name: 'b', role: 'r' },
      ]);
      await executeQuery(tx, "update agents set status = 'changed'");
      throw error;
    });
    await expect(attempt).rejects.toBe(error);
    expect(await names()).toEqual([]);
  });

  it('rolls back a nested savepoint and keeps the outer work', async () => {
    await transaction(database.db, async (tx) => {
      await batchInsert(tx, agents, [{ name: 'outer', role: 'r' }]);
      await expect(
        transaction(tx, async (inner) => {
          await batchInsert(inner, agents, [{ name: 'inner', role: 'r' }]);
          throw new Abort('inner only');
        }),
      ).rejects.toThrow('inner only');
      await transaction(tx, async (inner) => {
        await batchInsert(inner, agents, [{ name: 'second inner', role: 'r' }]);
      });
    });
    expect(await names()).toEqual(['outer', 'second inner']);
  });

  it('rolls back committed savepoints when the outer transaction fails', async () => {
    await expect(
      transaction(database.db, async (tx) => {
        await transaction(tx, async (inner) => {
          await batchInsert(inner, agents, [{ name: 'inner', role: 'r' }]);
        });
        throw new Abort('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await names()).toEqual([]);
  });

  it('recovers from a failed statement inside a savepoint', async () => {
    await transaction(database.db, async (tx) => {
      await batchInsert(tx, agents, [{ name: 'before', role: 'r' }]);
      await expect(
        transaction(tx, (inner) => executeQuery(inner, 'select * from no_such_table')),
      ).rejects.toMatchObject({ name: 'DatabaseError', code: '42P01' });
      await batchInsert(tx, agents, [{ name: 'after', role: 'r' }]);
    });
    expect(await names()).toEqual(['after', 'before']);
  });

  it('turns a failed Drizzle statement into a DatabaseError and rolls back', async () => {
    const attempt = transaction(database.db, async (tx) => {
      await tx.insert(agents).values({ name: 'x', role: 'r' });
      await tx.insert(agents).values({ name: null as unknown as string, role: 'r' });
    });
    await expect(attempt).rejects.toThrow(DatabaseError);
    await expect(attempt).rejects.toMatchObject({ code: '23502' });
    expect(await names()).toEqual([]);
  });

  it('applies the isolation level asked for', async () => {
    const level = await transaction(
      database.db,
      async (tx) => {
        const { rows } = await executeQuery<{ level: string }>(
          tx,
          'select current_setting($1) as level',
          ['transaction_isolation'],
        );
        return rows[0]?.level;
      },
      { isolationLevel: 'serializable' },
    );
    expect(level).toBe('serializable');
  });
});
