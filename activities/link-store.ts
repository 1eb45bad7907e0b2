import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

import type { Db } from '../db/client';
import { executeSql } from '../db/execute-query';
import { preparedStatement } from '../db/prepared';
import { subqueryColumns } from '../db/subquery-columns';
import { syncLinks } from '../db/schema';
import type { RecordValues } from '../sync/mapping';
import { hashValues } from '../sync/value-hash';

/**
 * Marks a link whose page is being created: if the create's reply is lost, the page id is not
 * known, and the next attempt looks the page up by its key before creating it again.
 */
export const pendingPagePrefix = 'pending:';

/** Hashes of base values already hashed, by the values object: a create hashes its base once. */
const hashes = new WeakMap<RecordValues, string>();

/**
 * `hashValues` of a record's base values, computed once per values object: the engine never
 * changes a values object after building it, and the same one is marked, linked and saved.
 */
export function baseHashOf(values: RecordValues): string {
  let hash = hashes.get(values);
  if (hash === undefined) {
    hash = hashValues(values);
    hashes.set(values, hash);
  }
  return hash;
}

/** A `sync_links` row as the engine uses it. */
export interface LinkRow {
  localId: string;
  pageId: string;
  base: RecordValues;
  baseHash: string;
  isTrashed: boolean;
  /** The page's `last_edited_time` as last seen, ISO. */
  remoteEditedAt: string;
  /** The create of the page may or may not have reached Notion. */
  isPending: boolean;
}

/** What a link holds after a sync of its record. */
export interface LinkWrite {
  localId: string;
  pageId: string;
  base: RecordValues;
  localVersion: number;
  remoteEditedAt: string;
  isTrashed: boolean;
}

/** The columns of a `sync_links` row that the engine reads. */
export const storedLinkFields = {
  localId: syncLinks.localId,
  notionPageId: syncLinks.notionPageId,
  base: syncLinks.base,
  baseHash: syncLinks.baseHash,
  isTrashed: syncLinks.isTrashed,
  remoteEditedAt: syncLinks.remoteEditedAt,
};

const storedLinkKeys = Object.keys(storedLinkFields) as (keyof typeof storedLinkFields)[];

/** A `sync_links` row as the engine reads it. */
export type StoredLinkFields = Pick<typeof syncLinks.$inferSelect, keyof typeof storedLinkFields>;

/**
 * The link of `mapping` whose `key` column equals `match`, as a subquery for a lateral join:
 * one probe of that column's unique index per outer row. The limit keeps the planner from
 * flattening it into a plain join, which it would plan by the table's statistics: while these
 * still describe the table before a first push's links, a pass over every link per batch.
 */
export function linkProbe(
  db: Db,
  key: 'localId' | 'notionPageId',
  match: SQLWrapper,
  mapping: SQLWrapper,
) {
  const link = db
    .select(storedLinkFields)
    .from(syncLinks)
    .where(and(eq(syncLinks.mapping, mapping), eq(syncLinks[key], match)))
    .limit(1)
    .as('link');
  const fields = subqueryColumns(link, storedLinkKeys);
  return { link, fields };
}

/** The engine's view of a `sync_links` row read from the database. */
export function toLink(row: StoredLinkFields): LinkRow {
  return {
    localId: row.localId,
    pageId: row.notionPageId,
    base: row.base,
    baseHash: row.baseHash,
    isTrashed: row.isTrashed,
    remoteEditedAt: row.remoteEditedAt.toISOString(),
    isPending: row.notionPageId.startsWith(pendingPagePrefix),
  };
}

/** The links of `mapping` for the given local ids, keyed by local id. */
export async function linksByLocalIds(
  db: Db,
  mapping: string,
  localIds: readonly string[],
): Promise<Map<string, LinkRow>> {
  const rows = await linksByKeys(db, 'localId', mapping, localIds);
  return new Map(rows.map((row) => [row.localId, toLink(row)]));
}

/** The links for the given page ids, keyed by page id. */
export async function linksByPageIds(
  db: Db,
  mapping: string,
  pageIds: readonly string[],
): Promise<Map<string, LinkRow>> {
  const rows = await linksByKeys(db, 'notionPageId', mapping, pageIds);
  return new Map(rows.map((row) => [row.notionPageId, toLink(row)]));
}

/** The links whose `key` is one of `keys`, probed one key at a time in one prepared statement. */
async function linksByKeys(
  db: Db,
  key: 'localId' | 'notionPageId',
  mapping: string,
  keys: readonly string[],
): Promise<StoredLinkFields[]> {
  if (keys.length === 0) {
    return [];
  }
  const query = preparedStatement(db, `eco_links_by_${key}`, (name) => {
    const arrayType = key === 'localId' ? sql.raw('uuid[]') : sql.raw('text[]');
    const wanted = sql`unnest(${sql.placeholder('keys')}::${arrayType}) as wanted(key)`;
    const probe = linkProbe(db, key, sql`wanted.key`, sql.placeholder('mapping'));
    return db
      .select(probe.fields)
      .from(wanted)
      .innerJoinLateral(probe.link, sql`true`)
      .prepare(name);
  });
  return query.execute({ mapping, keys: [...new Set(keys)] });
}

/** A link row as one element of the jsonb array `insertLinks` sends. */
interface LinkRecord {
  local_id: string;
  notion_page_id: string;
  base: RecordValues;
  base_hash: string;
  local_version: number;
  remote_edited_at: string;
  is_trashed: boolean;
}

/**
 * Inserts link rows sent as one jsonb array: one parameter whatever the number of rows, so the
 * statement's text is the same every time and no multi-row VALUES list is built per call.
 */
function insertLinks(mapping: string, records: readonly LinkRecord[], onConflict: SQL): SQL {
  return sql`insert into sync_links (mapping, local_id, notion_page_id, base, base_hash,
      local_version, remote_edited_at, is_trashed)
    select ${mapping}, r.local_id, r.notion_page_id, r.base, r.base_hash, r.local_version,
      r.remote_edited_at, r.is_trashed
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(local_id uuid,
      notion_page_id text, base jsonb, base_hash text, local_version integer,
      remote_edited_at timestamptz, is_trashed boolean)
    ${onConflict}`;
}

const replaceLink = sql.raw(`on conflict (mapping, local_id) do update set
  notion_page_id = excluded.notion_page_id, base = excluded.base, base_hash = excluded.base_hash,
  local_version = excluded.local_version, remote_edited_at = excluded.remote_edited_at,
  is_trashed = excluded.is_trashed, updated_at = now()`);

const keepLink = sql.raw('on conflict do nothing');

/** Creates or replaces the links of `writes` in one statement. */
export async function saveLinks(
  db: Db,
  mapping: string,
  writes: readonly LinkWrite[],
): Promise<void> {
  if (writes.length === 0) {
    return;
  }
  const records = writes.map((write) => ({
    local_id: write.localId,
    notion_page_id: write.pageId,
    base: write.base,
    base_hash: baseHashOf(write.base),
    local_version: write.localVersion,
    remote_edited_at: write.remoteEditedAt,
    is_trashed: write.isTrashed,
  }));
  await executeSql(db, insertLinks(mapping, records, replaceLink));
}

/** Creates or replaces the link of `write.localId`. */
export function saveLink(db: Db, mapping: string, write: LinkWrite): Promise<void> {
  return saveLinks(db, mapping, [write]);
}

/** A row about to get a page: its id, the values the page is created with, its version. */
export interface PendingCreate {
  localId: string;
  base: RecordValues;
  localVersion: number;
}

/**
 * Records, in one statement, that pages are about to be created for rows that have no link
 * yet. A row already linked or pending keeps its link.
 */
export async function markPendingCreates(
  db: Db,
  mapping: string,
  creates: readonly PendingCreate[],
): Promise<void> {
  if (creates.length === 0) {
    return;
  }
  const records = creates.map((create) => ({
    local_id: create.localId,
    notion_page_id: `${pendingPagePrefix}${create.localId}`,
    base: create.base,
    base_hash: baseHashOf(create.base),
    local_version: create.localVersion,
    remote_edited_at: new Date(0).toISOString(),
    is_trashed: false,
  }));
  await executeSql(db, insertLinks(mapping, records, keepLink));
}

/** Drops the pending mark of a create that Notion refused, so no lookup is wasted on it. */
export async function clearPendingCreate(db: Db, mapping: string, localId: string): Promise<void> {
  await db
    .delete(syncLinks)
    .where(
      and(
        eq(syncLinks.mapping, mapping),
        eq(syncLinks.localId, localId),
        eq(syncLinks.notionPageId, `${pendingPagePrefix}${localId}`),
      ),
    );
}
