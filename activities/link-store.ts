import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Db } from '../db/client';
import { syncLinks } from '../db/schema';
import type { RecordValues } from '../sync/mapping';
import { hashValues } from '../sync/value-hash';

/**
 * Marks a link whose page is being created: if the create's reply is lost, the page id is not
 * known, and the next attempt looks the page up by its key before creating it again.
 */
export const pendingPagePrefix = 'pending:';

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

function toLink(row: typeof syncLinks.$inferSelect): LinkRow {
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
  const rows = await db
    .select()
    .from(syncLinks)
    .where(and(eq(syncLinks.mapping, mapping), inArray(syncLinks.localId, [...localIds])));
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

/** Creates or replaces the links of `writes` in one statement. */
export async function saveLinks(
  db: Db,
  mapping: string,
  writes: readonly LinkWrite[],
): Promise<void> {
  if (writes.length === 0) {
    return;
  }
  const rows = writes.map((write) => ({
    mapping,
    localId: write.localId,
    notionPageId: write.pageId,
    base: write.base,
    baseHash: hashValues(write.base),
    localVersion: write.localVersion,
    remoteEditedAt: new Date(write.remoteEditedAt),
    isTrashed: write.isTrashed,
  }));
  await db
    .insert(syncLinks)
    .values(rows)
    .onConflictDoUpdate({
      target: [syncLinks.mapping, syncLinks.localId],
      set: {
        notionPageId: sql`excluded.notion_page_id`,
        base: sql`excluded.base`,
        baseHash: sql`excluded.base_hash`,
        localVersion: sql`excluded.local_version`,
        remoteEditedAt: sql`excluded.remote_edited_at`,
        isTrashed: sql`excluded.is_trashed`,
        updatedAt: sql`now()`,
      },
    });
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
  const rows = creates.map((create) => ({
    mapping,
    localId: create.localId,
    notionPageId: `${pendingPagePrefix}${create.localId}`,
    base: create.base,
    baseHash: hashValues(create.base),
    localVersion: create.localVersion,
    remoteEditedAt: new Date(0),
  }));
  await db.insert(syncLinks).values(rows).onConflictDoNothing();
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
