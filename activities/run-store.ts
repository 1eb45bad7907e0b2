import { and, eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client';
import { syncRuns, syncState } from '../db/schema';
import type { RecordError, SyncCounts } from '../sync/run-types';

/** How far each side of a mapping has been read, as ISO instants. */
export interface Watermarks {
  local: string | undefined;
  remote: string | undefined;
}

/** The audit row key and what the run was asked to do. */
export interface RunRecord {
  workflowId: string;
  runId: string;
  mapping: string;
  direction: string;
  policy: string;
  isDryRun: boolean;
}

/** The database clock, as ISO text with microseconds. */
export async function databaseNow(db: Db): Promise<string> {
  const result = await db.execute<{ now: string }>(
    sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
  );
  const rows = (result as { rows: { now: string }[] }).rows;
  return rows[0]?.now ?? new Date().toISOString();
}

/** The watermarks of `mapping`; both undefined before its first run. */
export async function readWatermarks(db: Db, mapping: string): Promise<Watermarks> {
  const [row] = await db.select().from(syncState).where(eq(syncState.mapping, mapping));
  return {
    local: row?.localWatermark?.toISOString(),
    remote: row?.remoteWatermark?.toISOString(),
  };
}

/** Moves the watermarks that are given; a side left undefined keeps its value. */
export async function advanceWatermarks(db: Db, mapping: string, next: Watermarks): Promise<void> {
  const set: Partial<typeof syncState.$inferInsert> = { updatedAt: new Date() };
  if (next.local !== undefined) {
    set.localWatermark = new Date(next.local);
  }
  if (next.remote !== undefined) {
    set.remoteWatermark = new Date(next.remote);
  }
  await db
    .insert(syncState)
    .values({ mapping, ...set })
    .onConflictDoUpdate({ target: syncState.mapping, set });
}

/** Inserts the audit row of a run as `running`; a retried start leaves the first one. */
export async function insertRunRow(db: Db, run: RunRecord, startedAt: string): Promise<void> {
  await db
    .insert(syncRuns)
    .values({ ...run, status: 'running', startedAt: new Date(startedAt) })
    .onConflictDoNothing();
}

/** Writes the outcome of a run to its audit row. */
export async function finishRunRow(
  db: Db,
  run: Pick<RunRecord, 'workflowId' | 'runId'>,
  outcome: SyncCounts & { status: string; errors: RecordError[] },
): Promise<void> {
  const { status, errors, ...counts } = outcome;
  await db
    .update(syncRuns)
    .set({
      ...counts,
      status,
      errors: errors.map(({ localId, pageId, message }) => ({ localId, pageId, message })),
      finishedAt: new Date(),
    })
    .where(and(eq(syncRuns.workflowId, run.workflowId), eq(syncRuns.runId, run.runId)));
}
