import { sql, type SQL } from 'drizzle-orm';

import { assertNoNul } from './assert-no-nul';
import type { Db } from './client';
import { ParameterCountError } from './errors';
import { splitPlaceholders } from './sql-placeholders';
import { toDatabaseError } from './to-database-error';

/** The rows a statement returned and how many rows it returned or changed. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

interface DriverResult<Row> {
  rows: Row[];
  rowCount?: number | null;
  affectedRows?: number;
}

/**
 * Runs `text` with `params` bound to its `$1..$n` placeholders; the values always travel
 * separately from the SQL and are never spliced into it. Pass a transaction handle to run inside
 * it. Every parameter must be used, and no placeholder may point past the last one.
 *
 * Raw rows keep PostgreSQL's column names; `timestamptz` values come back as strings.
 * Throws `InvalidValueError` for a NUL character in a parameter (before sending),
 * `ParameterCountError` for a placeholder mismatch and `DatabaseError` when the server refuses.
 */
export async function executeQuery<Row = Record<string, unknown>>(
  db: Db,
  text: string,
  params: readonly unknown[] = [],
): Promise<QueryResult<Row>> {
  params.forEach((value, index) => assertNoNul(value, `$${index + 1}`));
  const query = bindPlaceholders(text, params);
  try {
    return await run<Row>(db, query);
  } catch (error) {
    throw toDatabaseError(error, { sql: text, paramCount: params.length });
  }
}

/**
 * Runs a Drizzle `SQL` object (whose values are already bound parameters) and returns its raw
 * rows; a failure becomes a `DatabaseError` with the statement text but without the values.
 */
export async function executeSql<Row = Record<string, unknown>>(
  db: Db,
  query: SQL,
): Promise<QueryResult<Row>> {
  try {
    return await run<Row>(db, query);
  } catch (error) {
    throw toDatabaseError(error);
  }
}

async function run<Row>(db: Db, query: SQL): Promise<QueryResult<Row>> {
  const raw: unknown = await db.execute(query);
  const result = raw as DriverResult<Row>;
  return { rows: result.rows, rowCount: rowCountOf(result) };
}

/** Builds a Drizzle `SQL` object from `text`, with a bound parameter at each `$n`. */
export function bindPlaceholders(text: string, params: readonly unknown[]): SQL {
  const { texts, indexes } = splitPlaceholders(text);
  const highest = indexes.reduce((max, index) => Math.max(max, index), 0);
  const used = new Set(indexes);
  if (highest !== params.length || used.size !== params.length || indexes.includes(0)) {
    throw new ParameterCountError(text, highest, params.length);
  }

  const chunks: SQL[] = [];
  texts.forEach((part, position) => {
    chunks.push(sql.raw(part));
    const index = indexes[position];
    if (index !== undefined) {
      chunks.push(sql`${sql.param(params[index - 1])}`);
    }
  });
  return sql.join(chunks);
}

function rowCountOf<Row>(result: DriverResult<Row>): number {
  if (typeof result.rowCount === 'number') {
    return result.rowCount;
  }
  return result.affectedRows !== undefined && result.affectedRows > 0
    ? result.affectedRows
    : result.rows.length;
}
