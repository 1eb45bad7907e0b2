import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { batchInsert } from '../db/batch';
import type { Db } from '../db/client';
import { executeQuery } from '../db/execute-query';
import { agents } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { agentRows, copyColumns, copyLines, type AgentRow } from './agent-rows';
import { runBatchUpdateBench } from './batch-update';
import { fastestMs, intArgument, timeMs } from './measure';
import { markdownHeader, writeBenchResult } from './report';

/** Options of `runBatchInsertBench`. */
export interface BatchInsertBenchOptions {
  /** Agent rows per run. Default 100,000. */
  rows?: number;
  /** Rows inserted one statement at a time, to extrapolate that rate. Default 2,000. */
  singleRowSample?: number;
  /** Timed runs per method; the fastest counts. Default 3. */
  repeats?: number;
}

/**
 * Measures rows/s of `batchInsert` against COPY (pg-copy-streams), single-row inserts and
 * Drizzle's VALUES list, then `batchUpdate` against COPY into a temporary table plus one UPDATE,
 * on a scratch database of the server `DATABASE_URL` names. Writes bench/results/batch-insert.json
 * and batch-update.json and returns their Markdown rows; returns none when `DATABASE_URL` is unset.
 */
export async function runBatchInsertBench(
  options: BatchInsertBenchOptions = {},
): Promise<string[]> {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') {
    console.log('batch-insert: skipped, DATABASE_URL is not set (COPY needs a PostgreSQL server)');
    return [];
  }
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    return await measureAll(database, pool, {
      rows: options.rows ?? 100_000,
      singleRowSample: options.singleRowSample ?? 2_000,
      repeats: options.repeats ?? 3,
    });
  } finally {
    await pool.end();
    await database.close();
  }
}

async function measureAll(
  database: TestDatabase,
  pool: pg.Pool,
  options: Required<BatchInsertBenchOptions>,
): Promise<string[]> {
  const { db } = database;
  const rows = agentRows(options.rows);
  const reset = () => resetAgents(db);
  const rate = (count: number, ms: number) => (count / ms) * 1000;

  const ms = await fastestMs(options.repeats, reset, {
    copy: () => copyInsert(pool, rows),
    batch: () => batchInsert(db, agents, rows),
    values: () => valuesInsert(db, rows),
  });
  await reset();
  const sample = rows.slice(0, options.singleRowSample);
  const singleMs = await timeMs(async () => {
    for (const row of sample) {
      await db.insert(agents).values(row);
    }
  });

  const figures = {
    batchInsert: rate(rows.length, ms.batch),
    'COPY (pg-copy-streams)': rate(rows.length, ms.copy),
    'single-row INSERT': rate(sample.length, singleMs),
    'Drizzle VALUES list': rate(rows.length, ms.values),
  };
  const insertRow = await writeBenchResult({
    name: 'batch-insert',
    unit: 'rows/s',
    figures,
    candidate: 'batchInsert',
    baseline: 'COPY (pg-copy-streams)',
    checks: [
      {
        label: 'batchInsert >= 0.8x COPY',
        isMet: figures.batchInsert >= 0.8 * figures['COPY (pg-copy-streams)'],
      },
      {
        label: 'batchInsert >= 10x single-row',
        isMet: figures.batchInsert >= 10 * figures['single-row INSERT'],
      },
    ],
    parameters: { rows: rows.length, singleRowSample: sample.length, repeats: options.repeats },
  });
  const updateRow = await runBatchUpdateBench(database, pool, rows, options);
  return [insertRow, updateRow];
}

async function resetAgents(db: Db): Promise<void> {
  await executeQuery(db, 'truncate agents');
}

/** The baseline: COPY ... FROM STDIN in text format over one connection. */
export async function copyInsert(pool: pg.Pool, rows: readonly AgentRow[]): Promise<void> {
  const client = await pool.connect();
  try {
    const columns = copyColumns.map((column) => pg.escapeIdentifier(column)).join(', ');
    const target = client.query(copyFrom(`copy agents (${columns}) from stdin`));
    await pipeline(Readable.from(copyLines(rows)), target);
  } finally {
    client.release();
  }
}

/** Drizzle's own multi-row INSERT, chunked to stay under 65,535 parameters (5 per row). */
async function valuesInsert(db: Db, rows: readonly AgentRow[]): Promise<void> {
  const perStatement = Math.floor(65_535 / copyColumns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    await db.insert(agents).values(rows.slice(start, start + perStatement));
  }
}

async function main(): Promise<void> {
  const rows = await runBatchInsertBench({ rows: intArgument('rows', 100_000) });
  if (rows.length > 0) {
    console.log([markdownHeader, ...rows].join('\n'));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
