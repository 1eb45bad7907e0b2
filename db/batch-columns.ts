import { getTableColumns, getTableName, is, sql, type SQL } from 'drizzle-orm';
import {
  PgEnumColumn,
  PgEnumObjectColumn,
  PgJson,
  PgJsonb,
  type PgColumn,
  type PgTable,
} from 'drizzle-orm/pg-core';

import { assertNoNul, containsNul } from './assert-no-nul';
import { InvalidValueError } from './errors';

/** A table column as the batch helpers see it: its key in the records and its Drizzle column. */
export interface BatchColumn {
  readonly key: string;
  readonly column: PgColumn;
}

/** Records that set the same columns, so one statement can carry them all. */
export interface RecordGroup {
  readonly columns: readonly BatchColumn[];
  readonly records: readonly Record<string, unknown>[];
}

const serialTypes: Record<string, string> = {
  smallserial: 'smallint',
  serial: 'integer',
  bigserial: 'bigint',
};

/** The columns of `table` keyed by their property name, in declaration order. */
export function columnsOf(table: PgTable): Map<string, PgColumn> {
  return new Map(Object.entries(getTableColumns(table)));
}

/**
 * Checks every record (no unknown or `excluded` keys, no NUL characters) and groups the records
 * by the columns they give a value, in the order they give them; `undefined` means "not given",
 * so the column default applies. Records built alike land in one group.
 */
export function groupRecords(
  table: PgTable,
  records: readonly object[],
  excluded: ReadonlySet<string> = new Set(),
): RecordGroup[] {
  const columns = columnsOf(table);
  const groups = new Map<string, { columns: BatchColumn[]; records: Record<string, unknown>[] }>();
  records.forEach((record, index) => {
    const values = record as Record<string, unknown>;
    const signature = checkedSignature(table, columns, excluded, values, index);
    let group = groups.get(signature);
    if (group === undefined) {
      const keys = signature === '' ? [] : signature.slice(0, -1).split(',');
      group = {
        columns: keys.map((key) => ({ key, column: columns.get(key) as PgColumn })),
        records: [],
      };
      groups.set(signature, group);
    }
    group.records.push(values);
  });
  return [...groups.values()];
}

/** `key,key,` for the keys a record gives a value, after checking each of them. */
function checkedSignature(
  table: PgTable,
  columns: ReadonlyMap<string, PgColumn>,
  excluded: ReadonlySet<string>,
  values: Record<string, unknown>,
  index: number,
): string {
  let signature = '';
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value === undefined) {
      continue;
    }
    if (!columns.has(key) || excluded.has(key)) {
      const field = `${getTableName(table)}[${index}].${key}`;
      throw new InvalidValueError(field, `is not a writable column of ${getTableName(table)}`);
    }
    if (containsNul(value)) {
      assertNoNul(value, `${getTableName(table)}[${index}].${key}`);
    }
    signature += `${key},`;
  }
  return signature;
}

/**
 * One column of `records` as a JSON array, so the whole column travels as one parameter however
 * many rows there are and JSON.stringify does the escaping natively. JSON columns carry their
 * values as they are; every other column carries the text its Drizzle column maps a value to.
 */
export function encodeColumn(
  records: readonly Record<string, unknown>[],
  entry: BatchColumn,
): string {
  if (isJsonColumn(entry.column)) {
    return JSON.stringify(records.map((record) => record[entry.key] ?? null));
  }
  const texts = records.map((record) => {
    const value = record[entry.key];
    return value === null || value === undefined ? null : driverText(entry, value);
  });
  return JSON.stringify(texts);
}

function driverText(entry: BatchColumn, value: unknown): string {
  try {
    return asText(entry.column.mapToDriverValue(value));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidValueError(entry.key, `cannot be written to ${entry.column.name}: ${reason}`);
  }
}

/** `rows from (json_array_elements_text($n), ...)`: the encoded columns side by side as rows. */
export function rowsFrom(columns: readonly BatchColumn[], encoded: readonly string[]): SQL {
  const functions = encoded.map((array, index) => {
    const column = columns[index]?.column;
    // A jsonb column's array is parsed once, into jsonb, whose elements need no parse again.
    if (column !== undefined && is(column, PgJsonb)) {
      return sql`jsonb_array_elements(${sql.param(array)}::text::jsonb)`;
    }
    const name =
      column !== undefined && isJsonColumn(column)
        ? 'json_array_elements'
        : 'json_array_elements_text';
    return sql`${sql.raw(name)}(${sql.param(array)}::text::json)`;
  });
  return sql`rows from (${sql.join(functions, sql`, `)})`;
}

/**
 * The element `u.c<index>` cast to the column's type: `serial` types become their base type and
 * a JSON `null` becomes SQL NULL, as Drizzle writes a `null` value.
 */
export function castElement(entry: BatchColumn, index: number): SQL {
  const element = sql.raw(`u.c${index}`);
  const { column } = entry;
  if (is(column, PgJsonb)) {
    return sql`case when jsonb_typeof(${element}) = 'null' then null else ${element} end`;
  }
  if (isJsonColumn(column)) {
    const type = castType(column);
    return sql`case when json_typeof(${element}) = 'null' then null else ${element}::${type} end`;
  }
  return sql`${element}::${castType(column)}`;
}

function castType(column: PgColumn): SQL {
  if (is(column, PgEnumColumn) || is(column, PgEnumObjectColumn)) {
    return sql`${sql.identifier(column.getSQLType())}`;
  }
  const type = column.getSQLType();
  return sql.raw(serialTypes[type] ?? type);
}

function isJsonColumn(column: PgColumn): boolean {
  return is(column, PgJsonb) || is(column, PgJson);
}

function asText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}
