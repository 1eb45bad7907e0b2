import { and, asc, eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

import type { Db } from '../db/client';
import { flagsKey, preparedStatement } from '../db/prepared';
import { subqueryColumns } from '../db/subquery-columns';
import { syncConflicts } from '../db/schema';
import { linkProbe, toLink, type LinkRow } from './link-store';

/** The bookkeeping columns every synced table has. */
export interface SyncedColumns {
  id: AnyPgColumn;
  updatedAt: AnyPgColumn;
  version: AnyPgColumn;
  deletedAt: AnyPgColumn;
}

/** A synced table: the Drizzle table and its bookkeeping columns. */
export interface SyncedTable {
  table: PgTable;
  columns: SyncedColumns;
}

/** A row as the sync reads it. `changedAt` keeps the microseconds that keyset paging needs. */
export interface LocalRow {
  id: string;
  /** Column values keyed by the Drizzle property name. */
  fields: Record<string, unknown>;
  /** `updated_at` as ISO text with microseconds. */
  changedAt: string;
  version: number;
  isDeleted: boolean;
}

/** Where the last batch of a keyset scan stopped. */
export interface LocalCursor {
  changedAt: string;
  id: string;
}

/** Which changed rows to read: `since <= updated_at <= until`, after `cursor`, oldest first. */
export interface ChangedRowsQuery {
  since: string | undefined;
  until: string;
  cursor: LocalCursor | undefined;
  /** The last key to read, inclusive: the end of a planned batch. None: to the window's end. */
  upTo?: LocalCursor;
  limit: number;
}

/** A stretch of the keyset order: after `cursor` (the start when undefined), up to `upTo`. */
export interface KeyRange {
  cursor: LocalCursor | undefined;
  upTo: LocalCursor;
}

function changedAtOf(columns: SyncedColumns): SQL<string> {
  const format = sql`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
  return sql<string>`to_char(${columns.updatedAt} at time zone 'UTC', ${format})`;
}

function toRow(record: Record<string, unknown>): LocalRow {
  const { syncChangedAt, ...fields } = record;
  return {
    id: String(fields.id),
    fields,
    changedAt: String(syncChangedAt),
    version: Number(fields.version),
    isDeleted: fields.deletedAt !== null && fields.deletedAt !== undefined,
  };
}

/** Which bounds a changed-rows read has: each of the 8 shapes is one prepared statement. */
interface WindowShape {
  hasSince: boolean;
  hasCursor: boolean;
  hasUpTo: boolean;
}

const placeholder = (name: string) => sql.placeholder(name);

function shapeOf(query: ChangedRowsQuery): WindowShape {
  return {
    hasSince: query.since !== undefined,
    hasCursor: query.cursor !== undefined,
    hasUpTo: query.upTo !== undefined,
  };
}

/** `since <= updated_at <= until`, after the cursor, up to `upTo`: placeholders for each bound. */
function windowOf(columns: SyncedColumns, shape: WindowShape): SQL | undefined {
  const key = sql`(${columns.updatedAt}, ${columns.id})`;
  return and(
    shape.hasSince ? sql`${columns.updatedAt} >= ${placeholder('since')}::timestamptz` : undefined,
    sql`${columns.updatedAt} <= ${placeholder('until')}::timestamptz`,
    shape.hasCursor
      ? sql`${key} > (${placeholder('cursorAt')}::timestamptz, ${placeholder('cursorId')}::uuid)`
      : undefined,
    shape.hasUpTo
      ? sql`${key} <= (${placeholder('upToAt')}::timestamptz, ${placeholder('upToId')}::uuid)`
      : undefined,
  );
}

/** The values of `windowOf`'s placeholders, and the limit's. */
function windowValues(query: ChangedRowsQuery): Record<string, unknown> {
  const { since, until, cursor, upTo, limit } = query;
  return {
    since,
    until,
    cursorAt: cursor?.changedAt,
    cursorId: cursor?.id,
    upToAt: upTo?.changedAt,
    upToId: upTo?.id,
    limit,
  };
}

/** A changed row with what the sync keeps about it: its link and whether a conflict is open. */
export interface ChangedRecord {
  row: LocalRow;
  link: LinkRow | undefined;
  hasOpenConflict: boolean;
}

function changedRecordsQuery(db: Db, synced: SyncedTable, shape: WindowShape) {
  const { columns, table } = synced;
  return preparedStatement(db, `eco_changed_${getTableName(table)}_${flagsKey(shape)}`, (name) => {
    const mapping = placeholder('mapping');
    const hasOpenConflict = sql<boolean>`exists (select 1 from ${syncConflicts}
      where ${syncConflicts.mapping} = ${mapping} and ${syncConflicts.status} = 'open'
        and ${syncConflicts.localId} = ${columns.id})`;
    // One probe of the link index per row read; see `linkProbe`.
    const probe = linkProbe(db, 'localId', columns.id, mapping);
    const syncChangedAt = changedAtOf(columns);
    return db
      .select({ row: table, syncChangedAt, link: probe.fields, hasOpenConflict })
      .from(table)
      .leftJoinLateral(probe.link, sql`true`)
      .where(windowOf(columns, shape))
      .orderBy(asc(columns.updatedAt), asc(columns.id))
      .limit(placeholder('limit'))
      .prepare(name);
  });
}

/**
 * Reads one keyset page of rows changed in the query's window, soft-deleted ones included, each
 * with its link of `mapping` and whether a conflict of it is open: the read of every batch, in
 * one prepared statement per shape of window.
 */
export async function readChangedRecords(
  db: Db,
  synced: SyncedTable,
  mapping: string,
  query: ChangedRowsQuery,
): Promise<ChangedRecord[]> {
  const records = await changedRecordsQuery(db, synced, shapeOf(query)).execute({
    ...windowValues(query),
    mapping,
  });
  return records.map((record) => ({
    row: toRow({ ...(record.row as Record<string, unknown>), syncChangedAt: record.syncChangedAt }),
    link: record.link === null ? undefined : toLink(record.link),
    hasOpenConflict: record.hasOpenConflict,
  }));
}

/**
 * Cuts the changed rows after `query.cursor` into key ranges of `query.limit` rows, at most
 * `count` of them, reading the keys alone; `nextCursor` is where the next cut starts, null once
 * the window is covered. A row changed meanwhile leaves the window (its `updated_at` passes
 * `until`), so a range never holds more rows than it was cut with, only fewer.
 */
export async function cutChangedRows(
  db: Db,
  synced: SyncedTable,
  query: ChangedRowsQuery & { count: number },
): Promise<{ ranges: KeyRange[]; nextCursor: LocalCursor | null }> {
  const { columns, table } = synced;
  const shape = shapeOf(query);
  const cut = preparedStatement(db, `eco_cut_${getTableName(table)}_${flagsKey(shape)}`, (name) =>
    db
      .select({ changedAt: changedAtOf(columns), id: sql<string>`${columns.id}::text` })
      .from(table)
      .where(windowOf(columns, shape))
      .orderBy(asc(columns.updatedAt), asc(columns.id))
      .limit(placeholder('limit'))
      .prepare(name),
  );
  const wanted = query.limit * query.count;
  const keys = await cut.execute({ ...windowValues(query), limit: wanted + 1 });
  const covered = Math.min(keys.length, wanted);
  const ranges: KeyRange[] = [];
  let cursor = query.cursor;
  for (let start = 0; start < covered; start += query.limit) {
    const upTo = keys[Math.min(start + query.limit, covered) - 1];
    if (upTo !== undefined) {
      ranges.push({ cursor, upTo });
      cursor = upTo;
    }
  }
  return { ranges, nextCursor: keys.length > wanted ? (cursor ?? null) : null };
}

/**
 * Reads the rows with the given ids, in no particular order: one probe of the primary key per
 * id, in one prepared statement (`= any(...)` would scan a table whose statistics predate its
 * rows; see `linkProbe`).
 */
export async function readRowsByIds(
  db: Db,
  synced: SyncedTable,
  ids: readonly string[],
): Promise<LocalRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const { columns, table } = synced;
  const query = preparedStatement(db, `eco_rows_by_ids_${getTableName(table)}`, (name) => {
    const selection = {
      ...getTableColumns(table),
      syncChangedAt: changedAtOf(columns).as('sync_changed_at'),
    };
    const row = db
      .select(selection)
      .from(table)
      .where(eq(columns.id, sql`wanted.id`))
      .limit(1)
      .as('row');
    const fields = subqueryColumns(row, Object.keys(selection) as (keyof typeof selection)[]);
    return db
      .select(fields)
      .from(sql`unnest(${placeholder('ids')}::uuid[]) as wanted(id)`)
      .innerJoinLateral(row, sql`true`)
      .prepare(name);
  });
  const rows = await query.execute({ ids: [...new Set(ids)] });
  return rows.map((record) => toRow(record));
}

/** What an update does to the soft-delete mark. */
export type DeletionChange = 'keep' | 'delete' | 'restore';

/**
 * Writes `values` to the row if it still has `expectedVersion`, bumping the version and
 * `updated_at`; returns the new version, or undefined when the row changed meanwhile.
 */
export async function updateRow(
  tx: Db,
  synced: SyncedTable,
  change: {
    id: string;
    expectedVersion: number;
    values: Record<string, unknown>;
    deletion: DeletionChange;
  },
): Promise<number | undefined> {
  const { columns } = synced;
  const set: Record<string, unknown> = {
    ...change.values,
    updatedAt: sql`now()`,
    version: sql`${columns.version} + 1`,
  };
  if (change.deletion !== 'keep') {
    set.deletedAt = change.deletion === 'delete' ? sql`now()` : null;
  }
  const rows = await tx
    .update(synced.table)
    .set(set as never)
    .where(and(eq(columns.id, change.id), eq(columns.version, change.expectedVersion)))
    .returning({ version: columns.version });
  const version = rows[0]?.version;
  return version === undefined ? undefined : Number(version);
}

/** Inserts a row pulled from Notion under `id`; returns its version. */
export async function insertRow(
  tx: Db,
  synced: SyncedTable,
  id: string,
  values: Record<string, unknown>,
): Promise<number> {
  const rows = await tx
    .insert(synced.table)
    .values({ ...values, id } as never)
    .returning({ version: synced.columns.version });
  return Number(rows[0]?.version ?? 1);
}
