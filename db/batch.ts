import { getTableName, sql, type InferInsertModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

import {
  castElement,
  columnsOf,
  encodeColumn,
  groupRecords,
  rowsFrom,
  type BatchColumn,
  type RecordGroup,
} from './batch-columns';
import type { Db } from './client';
import { InvalidValueError } from './errors';
import { executeSql, type QueryResult } from './execute-query';
import { transaction } from './transaction';

/** Options of `batchInsert` and `batchUpdate`. */
export interface BatchOptions {
  /**
   * Rows per statement, at least 1. Default 5,000, the fastest size measured for agent rows
   * (bench/batch-insert.ts); each statement sends one parameter per column whatever the size.
   */
  chunkSize?: number;
}

/** Options of `batchUpdate`. */
export interface BatchUpdateOptions extends BatchOptions {
  /**
   * Bump `version` and set `updatedAt` to `now()` on every updated row, when the table has such
   * columns; the records may then not set them. Default true.
   */
  touch?: boolean;
}

/** A partial record that names the row to update by `K`. */
export type UpdateRecord<T extends PgTable, K extends keyof InferInsertModel<T>> = Partial<
  InferInsertModel<T>
> & { [P in K]-?: NonNullable<InferInsertModel<T>[P]> };

const defaultChunkSize = 5_000;

/**
 * Inserts `records` into `table` and returns how many rows were written. Each chunk is one
 * `INSERT ... SELECT` statement whose parameters are one JSON array per column, so the 65,535-
 * parameter limit of the protocol never binds however many rows a chunk holds. Several chunks run
 * in one transaction (a savepoint inside a caller's transaction): all rows or none; the next chunk
 * is encoded while the server writes the previous one.
 * Throws `InvalidValueError` before sending anything when a record holds a NUL character or an
 * unknown column, and `DatabaseError` when the server refuses a row.
 */
export async function batchInsert<T extends PgTable>(
  db: Db,
  table: T,
  records: readonly InferInsertModel<T>[],
  options: BatchOptions = {},
): Promise<number> {
  const statements = groupRecords(table, records).flatMap((group) =>
    chunked(group, options.chunkSize).map((chunk) => () => insertStatement(table, chunk)),
  );
  return runAll(db, statements);
}

/**
 * Updates the rows of `table` whose `keyField` matches each record, setting only the columns
 * each record gives, and returns how many rows changed. Each chunk of records that set the same
 * columns is one `UPDATE ... FROM` statement over the JSON-encoded rows, never one per row; a
 * key that matches no row is skipped. With `touch` (default) `version` is bumped and
 * `updated_at` set to `now()` on every row written. Several statements run in one transaction.
 * Throws `InvalidValueError` before sending anything for a missing or repeated key, a NUL
 * character, or a column that cannot be written.
 */
export async function batchUpdate<T extends PgTable, K extends keyof InferInsertModel<T> & string>(
  db: Db,
  table: T,
  records: readonly UpdateRecord<T, K>[],
  keyField: K,
  options: BatchUpdateOptions = {},
): Promise<number> {
  assertUniqueKeys(table, records, keyField);
  const touched = touchedColumns(table, options.touch ?? true);
  const statements = groupRecords(table, records, new Set(touched.keys())).flatMap((group) => {
    const setColumns = group.columns.filter((entry) => entry.key !== keyField);
    if (setColumns.length === 0 && touched.size === 0) {
      throw new InvalidValueError(`${getTableName(table)}.${keyField}`, 'has nothing to update');
    }
    return chunked(group, options.chunkSize).map(
      (chunk) => () => updateStatement(table, chunk, keyField, touched),
    );
  });
  return runAll(db, statements);
}

function chunked(group: RecordGroup, chunkSize = defaultChunkSize): RecordGroup[] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new InvalidValueError('chunkSize', 'must be an integer of at least 1');
  }
  const chunks: RecordGroup[] = [];
  for (let start = 0; start < group.records.length; start += chunkSize) {
    chunks.push({ columns: group.columns, records: group.records.slice(start, start + chunkSize) });
  }
  return chunks;
}

/** Runs the statements in order, in one transaction when there are several. */
async function runAll(db: Db, statements: readonly (() => SQL)[]): Promise<number> {
  if (statements.length > 1) {
    return transaction(db, (tx) => runOverlapped(tx, statements));
  }
  return runOverlapped(db, statements);
}

/**
 * Builds each statement while the server still works on the one before, so encoding in Node and
 * writing in PostgreSQL overlap; the statements still run one after another on one connection.
 */
async function runOverlapped(db: Db, statements: readonly (() => SQL)[]): Promise<number> {
  let count = 0;
  let running: Promise<QueryResult<unknown>> | undefined;
  try {
    for (const build of statements) {
      const statement = build();
      count += running === undefined ? 0 : (await running).rowCount;
      running = executeSql(db, statement);
      // Rejections are read by the next await; this only stops Node reporting them meanwhile.
      void running.catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return count + (running === undefined ? 0 : (await running).rowCount);
  } catch (error) {
    await running?.catch(() => undefined);
    throw error;
  }
}

function insertStatement(table: PgTable, chunk: RecordGroup): SQL {
  if (chunk.columns.length === 0) {
    return sql`insert into ${table} select from generate_series(1, ${chunk.records.length}::int)`;
  }
  const names = sql.join(
    chunk.columns.map((entry) => sql.identifier(entry.column.name)),
    sql`, `,
  );
  const encoded = chunk.columns.map((entry) => encodeColumn(chunk.records, entry));
  return sql`insert into ${table} (${names}) select ${castList(chunk.columns)}
    from ${rowsFrom(chunk.columns, encoded)} as u(${aliasList(chunk.columns)})`;
}

function updateStatement(
  table: PgTable,
  chunk: RecordGroup,
  keyField: string,
  touched: ReadonlyMap<string, SQL>,
): SQL {
  const keyIndex = chunk.columns.findIndex((entry) => entry.key === keyField);
  const keyColumn = chunk.columns[keyIndex] as BatchColumn;
  const assignments = chunk.columns
    .map((entry, index) => ({ entry, index }))
    .filter(({ index }) => index !== keyIndex)
    .map(
      ({ entry, index }) =>
        sql`${sql.identifier(entry.column.name)} = ${castElement(entry, index)}`,
    );
  assignments.push(...touched.values());
  const encoded = chunk.columns.map((entry) => encodeColumn(chunk.records, entry));
  return sql`update ${table} as t set ${sql.join(assignments, sql`, `)}
    from ${rowsFrom(chunk.columns, encoded)} as u(${aliasList(chunk.columns)})
    where t.${sql.identifier(keyColumn.column.name)} = ${castElement(keyColumn, keyIndex)}`;
}

/** `version = t.version + 1` and `updated_at = now()` for the tables that have those columns. */
function touchedColumns(table: PgTable, isTouching: boolean): Map<string, SQL> {
  const touched = new Map<string, SQL>();
  const columns = columnsOf(table);
  const version = columns.get('version');
  const updatedAt = columns.get('updatedAt');
  if (isTouching && version !== undefined) {
    const name = sql.identifier(version.name);
    touched.set('version', sql`${name} = t.${name} + 1`);
  }
  if (isTouching && updatedAt !== undefined) {
    touched.set('updatedAt', sql`${sql.identifier(updatedAt.name)} = now()`);
  }
  return touched;
}

function assertUniqueKeys(table: PgTable, records: readonly object[], keyField: string): void {
  const seen = new Set<unknown>();
  records.forEach((record, index) => {
    const key = (record as Record<string, unknown>)[keyField];
    const field = `${getTableName(table)}[${index}].${keyField}`;
    if (key === undefined || key === null) {
      throw new InvalidValueError(field, 'is missing; every record needs its key');
    }
    if (seen.has(key)) {
      throw new InvalidValueError(field, 'repeats the key of an earlier record');
    }
    seen.add(key);
  });
}

function aliasList(columns: readonly BatchColumn[]): SQL {
  return sql.raw(columns.map((_, index) => `c${index}`).join(', '));
}

function castList(columns: readonly BatchColumn[]): SQL {
  return sql.join(
    columns.map((entry, index) => castElement(entry, index)),
    sql`, `,
  );
}
