import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { EmulatorSnapshotError } from './errors';
import type {
  DataSourceRecord,
  PageRecord,
  StoredObject,
  UserRecord,
  WorkspaceRecord,
} from './model';
import type { EmulatorStore } from './store';

/** A data source as saved: its rows by id, because the store shares the page objects. */
type SavedDataSource = Omit<DataSourceRecord, 'rows'> & { rowIds: string[] };

type SavedObject = Exclude<StoredObject, DataSourceRecord> | SavedDataSource;

/** Every workspace, user and object of a store, as plain JSON. */
export interface EmulatorSnapshot {
  version: 1;
  workspaces: WorkspaceRecord[];
  users: UserRecord[];
  objects: SavedObject[];
}

/** A store kept in a file: restored at start, saved periodically and on close. */
export interface EmulatorPersistence {
  /** Writes the state now if it changed since the last write. */
  save(): Promise<void>;
  /** Stops the periodic saves after one last save. */
  close(): Promise<void>;
}

/** Copies the store's data (not its clock, faults or request log) into a snapshot. */
export function exportState(store: EmulatorStore): EmulatorSnapshot {
  const workspaces = [...store.workspaces.values()];
  const objects = workspaces.flatMap((workspace) =>
    [...store.objectsOf(workspace.id)].map(toSaved),
  );
  return { version: 1, workspaces, users: [...store.users.values()], objects };
}

/** Replaces the store's data with a snapshot's. */
export function importState(store: EmulatorStore, snapshot: EmulatorSnapshot): void {
  store.clear();
  for (const workspace of snapshot.workspaces) {
    store.restoreWorkspace(workspace);
  }
  for (const user of snapshot.users) {
    store.users.set(user.id, user);
  }
  const rowsBySource = new Map<string, string[]>();
  for (const record of snapshot.objects) {
    if ('rowIds' in record) {
      const { rowIds, ...dataSource } = record;
      rowsBySource.set(record.id, rowIds);
      store.put({ ...dataSource, rows: [] });
    } else {
      store.put(record);
    }
  }
  for (const [id, rowIds] of rowsBySource) {
    const dataSource = store.lookup(id);
    if (dataSource?.kind === 'data_source') {
      dataSource.rows = rowIds.flatMap((rowId) => pageOrNone(store, rowId));
    }
  }
}

/**
 * Restores the store from `path` when the file exists, then saves it there every `intervalMs`
 * (default 10000 ms) when it changed. Writes go to a temporary file first, so a crash mid-write
 * leaves the previous state intact.
 */
export async function persistStore(
  store: EmulatorStore,
  path: string,
  intervalMs = 10_000,
): Promise<EmulatorPersistence> {
  const restored = await readSnapshot(path);
  if (restored !== undefined) {
    importState(store, restored);
  }
  let lastText = restored === undefined ? '' : JSON.stringify(exportState(store));
  let writing = Promise.resolve();
  const save = (): Promise<void> => {
    writing = writing.then(async () => {
      const text = JSON.stringify(exportState(store));
      if (text !== lastText) {
        await writeAtomically(path, text);
        lastText = text;
      }
    });
    return writing;
  };
  const timer = setInterval(() => void save().catch(() => undefined), intervalMs);
  timer.unref();
  return {
    save,
    close: async () => {
      clearInterval(timer);
      await save();
    },
  };
}

function toSaved(record: StoredObject): SavedObject {
  if (record.kind !== 'data_source') {
    return record;
  }
  const { rows, ...rest } = record;
  return { ...rest, rowIds: rows.map((row) => row.id) };
}

function pageOrNone(store: EmulatorStore, id: string): PageRecord[] {
  const page = store.lookup(id);
  return page?.kind === 'page' ? [page] : [];
}

async function readSnapshot(path: string): Promise<EmulatorSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new EmulatorSnapshotError(path, 'the file cannot be read', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmulatorSnapshotError(path, 'it is not JSON', { cause: error });
  }
  if (!isSnapshot(parsed)) {
    throw new EmulatorSnapshotError(path, 'it is not a version 1 snapshot');
  }
  return parsed;
}

function isSnapshot(value: unknown): value is EmulatorSnapshot {
  const candidate = value as Partial<EmulatorSnapshot> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.version === 1 &&
    Array.isArray(candidate.workspaces) &&
    Array.isArray(candidate.users) &&
    Array.isArray(candidate.objects)
  );
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const staging = `${path}.${process.pid}.tmp`;
  await writeFile(staging, text, 'utf8');
  await rename(staging, path);
}
