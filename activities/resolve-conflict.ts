import { eq } from 'drizzle-orm';

import { appendEvent } from '../db/events';
import { transaction } from '../db/transaction';
import { syncConflicts } from '../db/schema';
import type { RecordValues } from '../sync/mapping';
import type { ConflictOutcome, ConflictResolution } from '../sync/run-types';
import { valuesEqual } from '../sync/stable-json';
import { ConflictResolutionError, LocalChangedError } from './errors';
import { linksByLocalIds, saveLink } from './link-store';
import { readRowsByIds, updateRow, type LocalRow } from './local-table';
import { localValuesOf, propertiesOf, remoteValuesOf } from './record-codec';
import { resolvedValues } from './resolve-values';
import type { NotionPage } from './sync-notion';
import type { MappingEntry, SyncEnv } from './sync-env';

/** Which conflict to settle, and how. */
export interface ResolveConflictInput {
  conflictId: string;
  resolution: ConflictResolution;
}

type ConflictRow = typeof syncConflicts.$inferSelect;

/**
 * Applies a person's resolution: reads both sides afresh, writes the chosen values to whichever
 * side lacks them, stores them as the new base and closes the conflict. Safe to retry: a conflict
 * already resolved answers with the values it was resolved to.
 */
export async function resolveConflict(
  env: Pick<SyncEnv, 'db' | 'notion' | 'logger' | 'signal'>,
  entryFor: (mapping: string) => MappingEntry,
  input: ResolveConflictInput,
): Promise<ConflictOutcome> {
  const conflict = await readConflict(env, input.conflictId);
  if (conflict.status === 'resolved') {
    return {
      conflictId: conflict.id,
      status: 'resolved',
      values: conflict.resolution?.values as RecordValues,
    };
  }
  const entry = entryFor(conflict.mapping);
  const row = await readRow(env, entry, conflict);
  const page = await env.notion.retrievePage(conflict.notionPageId, env.signal);
  if (page.in_trash) {
    throw new ConflictResolutionError(conflict.id, 'the page is in the trash');
  }
  const [link] = (await linksByLocalIds(env.db, conflict.mapping, [conflict.localId])).values();
  const local = localValuesOf(entry.definition, row.fields, row.id);
  const remote = remoteValuesOf(entry.definition, page);
  const sides = {
    conflictId: conflict.id,
    fields: Object.keys(conflict.fields),
    base: link?.base,
    local,
    remote,
  };
  const values = resolvedValues(entry.definition, sides, input.resolution);
  const written = await writeRemoteSide(env, entry, page, differing(values, remote));
  await writeLocalSide(env, entry, {
    conflict,
    row,
    page: written,
    values,
    local,
    resolution: input.resolution,
  });
  return { conflictId: conflict.id, status: 'resolved', values };
}

async function readConflict(env: Pick<SyncEnv, 'db'>, conflictId: string): Promise<ConflictRow> {
  const [conflict] = await env.db
    .select()
    .from(syncConflicts)
    .where(eq(syncConflicts.id, conflictId));
  if (conflict === undefined) {
    throw new ConflictResolutionError(conflictId, 'no such conflict');
  }
  return conflict;
}

async function readRow(
  env: Pick<SyncEnv, 'db'>,
  entry: MappingEntry,
  conflict: ConflictRow,
): Promise<LocalRow> {
  const [row] = await readRowsByIds(env.db, entry.synced, [conflict.localId]);
  if (row === undefined) {
    throw new ConflictResolutionError(conflict.id, 'the row no longer exists');
  }
  return row;
}

function differing(values: RecordValues, other: RecordValues): RecordValues {
  return Object.fromEntries(
    Object.entries(values).filter(([column, value]) => !valuesEqual(value, other[column])),
  );
}

async function writeRemoteSide(
  env: Pick<SyncEnv, 'db' | 'notion' | 'logger' | 'signal'>,
  entry: MappingEntry,
  page: NotionPage,
  changes: RecordValues,
): Promise<NotionPage> {
  if (Object.keys(changes).length === 0) {
    return page;
  }
  const properties = propertiesOf(entry.definition, changes);
  return env.notion.updatePage(page.id, { properties }, env.signal);
}

async function writeLocalSide(
  env: Pick<SyncEnv, 'db' | 'notion' | 'logger' | 'signal'>,
  entry: MappingEntry,
  state: {
    conflict: ConflictRow;
    row: LocalRow;
    page: NotionPage;
    values: RecordValues;
    local: RecordValues;
    resolution: ConflictResolution;
  },
): Promise<void> {
  const { conflict, row, page, values } = state;
  await transaction(env.db, async (tx) => {
    const changes = differing(values, state.local);
    const version =
      Object.keys(changes).length === 0
        ? row.version
        : await updateRow(tx, entry.synced, {
            id: row.id,
            expectedVersion: row.version,
            values: changes,
            deletion: 'keep',
          });
    if (version === undefined) {
      throw new LocalChangedError(row.id);
    }
    await saveLink(tx, conflict.mapping, {
      localId: row.id,
      pageId: page.id,
      base: values,
      localVersion: version,
      remoteEditedAt: page.last_edited_time,
      isTrashed: false,
    });
    await tx
      .update(syncConflicts)
      .set({
        status: 'resolved',
        resolution: { choice: state.resolution.choice, values },
        resolvedBy: state.resolution.resolvedBy ?? null,
        resolvedAt: new Date(),
      })
      .where(eq(syncConflicts.id, conflict.id));
    await appendEvent(tx, 'conflict.resolved', {
      conflictId: conflict.id,
      localId: row.id,
      choice: state.resolution.choice,
    });
  });
}
