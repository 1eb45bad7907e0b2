import { isNull } from 'drizzle-orm';

import { agents } from '../db/schema';
import { readAllPages, type SyncHarness } from './sync-harness';

/** How far Notion is from the table: each count must be 0 after a clean sync. */
export interface SyncAudit {
  /** Live rows with no live page carrying their id. */
  lost: number;
  /** Live pages beyond the first for one local id, plus live pages for no live row. */
  duplicated: number;
  /** Live pages whose values differ from their row's. */
  wrong: number;
  rows: number;
  pages: number;
}

/** Compares every live row with the live pages, field by field. */
export async function auditSync(harness: SyncHarness): Promise<SyncAudit> {
  const rows = await harness.database.db.select().from(agents).where(isNull(agents.deletedAt));
  const pages = (await readAllPages(harness)).filter((page) => !page.inTrash);
  const byLocalId = new Map<string, typeof pages>();
  for (const page of pages) {
    byLocalId.set(page.localId, [...(byLocalId.get(page.localId) ?? []), page]);
  }
  const rowIds = new Set(rows.map((row) => row.id));
  let lost = 0;
  let wrong = 0;
  for (const row of rows) {
    const page = byLocalId.get(row.id)?.[0];
    if (page === undefined) {
      lost += 1;
      continue;
    }
    const isSame =
      page.name === row.name &&
      page.role === row.role &&
      page.status === row.status &&
      JSON.stringify(page.capabilities) === JSON.stringify([...row.capabilities].sort()) &&
      JSON.stringify(JSON.parse(page.metadata || '{}')) === JSON.stringify(sorted(row.metadata));
    wrong += isSame ? 0 : 1;
  }
  const extra = [...byLocalId].reduce(
    (count, [localId, group]) => count + (rowIds.has(localId) ? group.length - 1 : group.length),
    0,
  );
  return { lost, duplicated: extra, wrong, rows: rows.length, pages: pages.length };
}

function sorted(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
