import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';

import type { Db } from '../db/client';
import { executeSql } from '../db/execute-query';
import { preparedStatement } from '../db/prepared';
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

/** The engine's view of a `sync_links` row read from the database. */
export function toLink(row: typeof syncLinks.$inferSelect): LinkRow {
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
  if (localIds.length === 0) {
    return new Map();
  }
  const query = preparedStatement(db, 'eco_links_by_local_ids', (name) =>
    db
      .select()
      .from(syncLinks)
      .where(
        and(
          eq(syncLinks.mapping, sql.placeholder('mapping')),
          sql`${syncLinks.localId} = any(${sql.placeholder('localIds')}::uuid[])`,
        ),
      )
      .prepare(name),
  );
  const rows = await query.execute({ mapping, localIds: [...localIds] });
  return new Map(rows.map((row) => [row.localId, toLink(row)]));
}

/** The links for the given page ids, keyed by page id. */
export async function linksByPageIds(
  db: Db,
  mapping: string,
  pageIds: readonly string[],
): Promise<Map<string, LinkRow>> {
  if (pageIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select()
    .from(syncLinks)
    .where(and(eq(syncLinks.mapping, mapping), inArray(syncLinks.notionPageId, [...pageIds])));
  return new Map(rows.map((row) => [row.notionPageId, toLink(row)]));
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
