import { randomUUID } from 'node:crypto';

import { and, eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client';
import { preparedStatement } from '../db/prepared';
import { syncConflicts } from '../db/schema';
import type { FieldConflict } from '../sync/merge';
import { conflictWorkflowId } from '../sync/workflow-ids';

/** A conflict the run opened, for the workflow to start its waiting child. */
export interface OpenedConflict {
  conflictId: string;
  workflowId: string;
  localId: string;
  pageId: string;
  fields: string[];
}

/** The local ids among `localIds` that have an open conflict. */
export async function localIdsWithOpenConflict(
  db: Db,
  mapping: string,
  localIds: readonly string[],
): Promise<Set<string>> {
  if (localIds.length === 0) {
    return new Set();
  }
  const query = preparedStatement(db, 'eco_open_conflict_ids', (name) =>
    db
      .select({ localId: syncConflicts.localId })
      .from(syncConflicts)
      .where(
        and(
          eq(syncConflicts.mapping, sql.placeholder('mapping')),
          eq(syncConflicts.status, 'open'),
          sql`${syncConflicts.localId} = any(${sql.placeholder('localIds')}::uuid[])`,
        ),
      )
      .prepare(name),
  );
  const rows = await query.execute({ mapping, localIds: [...localIds] });
  return new Set(rows.map((row) => row.localId));
}

/**
 * Records an open conflict for the record, or returns the one already open (a retried batch
 * must not open a second one).
 */
export async function openConflict(
  db: Db,
  mapping: string,
  record: { localId: string; pageId: string; conflicts: FieldConflict[]; runWorkflowId: string },
): Promise<{ conflict: OpenedConflict; isNew: boolean }> {
  const conflictId = randomUUID();
  const workflowId = conflictWorkflowId(mapping, conflictId);
  const fields = Object.fromEntries(
    record.conflicts.map((c) => [
      c.field,
      { base: c.base ?? null, local: c.local, remote: c.remote },
    ]),
  );
  const inserted = await db
    .insert(syncConflicts)
    .values({
      id: conflictId,
      mapping,
      localId: record.localId,
      notionPageId: record.pageId,
      fields,
      workflowId,
      runWorkflowId: record.runWorkflowId,
    })
    .onConflictDoNothing()
    .returning({ id: syncConflicts.id });
  if (inserted.length > 0) {
    const names = Object.keys(fields);
    return {
      conflict: {
        conflictId,
        workflowId,
        localId: record.localId,
        pageId: record.pageId,
        fields: names,
      },
      isNew: true,
    };
  }
  return { conflict: await readOpenConflict(db, mapping, record.localId), isNew: false };
}

async function readOpenConflict(db: Db, mapping: string, localId: string): Promise<OpenedConflict> {
  const [row] = await db
    .select()
    .from(syncConflicts)
    .where(
      and(
        eq(syncConflicts.mapping, mapping),
        eq(syncConflicts.localId, localId),
        eq(syncConflicts.status, 'open'),
      ),
    );
  if (row === undefined) {
    throw new Error(`The open conflict of ${localId} vanished while it was being recorded`);
  }
  return {
    conflictId: row.id,
    workflowId: row.workflowId ?? conflictWorkflowId(mapping, row.id),
    localId,
    pageId: row.notionPageId,
    fields: Object.keys(row.fields),
  };
}
