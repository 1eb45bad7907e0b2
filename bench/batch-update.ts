import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { batchUpdate } from '../db/batch';
import { executeQuery } from '../db/execute-query';
import { agents } from '../db/schema';
import type { TestDatabase } from '../test/test-db';
import type { AgentRow } from './agent-rows';
import { copyInsert } from './batch-insert';
import { fastestMs, timeMs } from './measure';
import { writeBenchResult } from './report';

interface AgentChange {
  id: string;
  name: string;
  status: string;
  metadata: Record<string, unknown>;
}

/**
 * Measures rows/s of `batchUpdate` against the fastest hand-written route (COPY the changes into
 * a temporary table, then one `UPDATE ... FROM` it) and against one UPDATE per row, the peer it
 * must beat by far. Writes bench/results/batch-update.json.
 */
export async function runBatchUpdateBench(
  database: TestDatabase,
  pool: pg.Pool,
  rows: readonly AgentRow[],
  sizes: { repeats: number; singleRowSample: number },
): Promise<string> {
  const { repeats } = sizes;
  const { db } = database;
  await executeQuery(db, 'truncate agents');
  await copyInsert(pool, rows);
  const ids = await executeQuery<{ id: string }>(db, 'select id from agents order by name');
  const changes = ids.rows.map(({ id }, index) => ({
    id,
    name: `Renamed agent ${index}`,
    status: index % 2 === 0 ? 'retired' : 'active',
    metadata: { region: `moved-${index % 30}`, score: index % 100 },
  }));
  const vacuum = () => executeQuery(db, 'vacuum agents');

  const ms = await fastestMs(repeats, vacuum, {
    batch: () => batchUpdate(db, agents, changes, 'id'),
    copy: () => copyUpdate(pool, changes),
  });
  const sample = changes.slice(0, sizes.singleRowSample);
  const singleMs = await timeMs(() => singleRowUpdates(database, sample));
  const figures = {
    batchUpdate: (changes.length / ms.batch) * 1000,
    'COPY to temp table + UPDATE': (changes.length / ms.copy) * 1000,
    'single-row UPDATE': (sample.length / singleMs) * 1000,
  };
  return writeBenchResult({
    name: 'batch-update',
    unit: 'rows/s',
    figures,
    candidate: 'batchUpdate',
    baseline: 'COPY to temp table + UPDATE',
    checks: [
      {
        label: 'batchUpdate >= 0.8x COPY + UPDATE',
        isMet: figures.batchUpdate >= 0.8 * figures['COPY to temp table + UPDATE'],
      },
      {
        label: 'batchUpdate >= 10x single-row',
        isMet: figures.batchUpdate >= 10 * figures['single-row UPDATE'],
      },
    ],
    parameters: { rows: changes.length, singleRowSample: sample.length, repeats },
  });
}

/** The other baseline: what a loop over the records does, one UPDATE statement per row. */
async function singleRowUpdates(
  database: TestDatabase,
  changes: readonly AgentChange[],
): Promise<void> {
  for (const change of changes) {
    await database.db
      .update(agents)
      .set({
        name: change.name,
        status: change.status,
        metadata: change.metadata,
        version: sql`${agents.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(agents.id, change.id));
  }
}

async function copyUpdate(pool: pg.Pool, changes: readonly AgentChange[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temp table agent_changes (id uuid, name text, status text, metadata jsonb)
       on commit drop`,
    );
    const lines = changes.map((change) =>
      [change.id, change.name, change.status, JSON.stringify(change.metadata)].join('\t'),
    );
    await pipeline(
      Readable.from([`${lines.join('\n')}\n`]),
      client.query(copyFrom('copy agent_changes from stdin')),
    );
    await client.query(`update agents t set name = c.name, status = c.status,
      metadata = c.metadata, version = t.version + 1, updated_at = now()
      from agent_changes c where t.id = c.id`);
    await client.query('commit');
  } finally {
    client.release();
  }
}
