import { latestSide, settleConflicts } from './conflict-policy';
import { columnsOf, type RecordValues } from './mapping';
import { mergeRecord, type MergeResult } from './merge';
import type { LocalAction, LocalState, PlanContext, RecordPlan, RemoteAction } from './plan-types';
import { findRequiredProblem, planOf } from './plan-shapes';
import { valuesEqual } from './stable-json';

/** The remote side of a merge: its values and, when the page was read, its edit time. */
export interface RemoteSide {
  values: RecordValues;
  editedAt: string | undefined;
}

/** Sides whose deletion the plan undoes along with the merge. */
export interface RestoreFlags {
  local: boolean;
  remote: boolean;
}

const noRestore: RestoreFlags = { local: false, remote: false };

/**
 * Plans an ordinary record: three-way merge, conflict policy, then the direction filter. The
 * next base holds, per field, the value both sides hold after the writes, or the old base where
 * they still differ (so the difference shows up again next run).
 */
export function planMerge(
  context: PlanContext,
  base: RecordValues | undefined,
  local: LocalState,
  remote: RemoteSide,
  restore: RestoreFlags = noRestore,
): RecordPlan {
  const merged = mergeRecord(columnsOf(context.mapping), base, local.values, remote.values);
  if (merged.conflicts.length > 0 && context.policy === 'manual') {
    return { ...planOf('conflict'), conflicts: merged.conflicts };
  }
  const settled = settle(context, merged, local, remote);
  const toRemote = context.direction === 'pull' ? {} : settled.toRemote;
  const toLocal = context.direction === 'push' ? {} : settled.toLocal;
  const problem = findRequiredProblem(context.mapping, toLocal);
  if (problem !== undefined) {
    return { ...planOf('invalid'), problem };
  }
  const remoteAction = remoteUpdate(toRemote, restore.remote);
  const localAction = localUpdate(toLocal, restore.local);
  const nextBase = baseAfter(context, base, local.values, remote.values, { toRemote, toLocal });
  return {
    ...planOf(kindOf(remoteAction, localAction), remoteAction, localAction),
    nextBase,
    conflicts: merged.conflicts,
  };
}

function settle(
  context: PlanContext,
  merged: MergeResult,
  local: LocalState,
  remote: RemoteSide,
): MergeResult {
  if (merged.conflicts.length === 0) {
    return merged;
  }
  const winner =
    remote.editedAt === undefined
      ? 'local'
      : latestSide(
          { localUpdatedAt: local.updatedAt, remoteEditedAt: remote.editedAt },
          context.tieBreaker,
        );
  return settleConflicts(merged, winner);
}

function remoteUpdate(values: RecordValues, restore: boolean): RemoteAction {
  const hasValues = Object.keys(values).length > 0;
  return hasValues || restore
    ? { type: 'update', values, restore, setKey: false }
    : { type: 'none' };
}

function localUpdate(values: RecordValues, restore: boolean): LocalAction {
  const hasValues = Object.keys(values).length > 0;
  return hasValues || restore ? { type: 'update', values, restore } : { type: 'none' };
}

function kindOf(remote: RemoteAction, local: LocalAction): RecordPlan['kind'] {
  const isRestore =
    (remote.type === 'update' && remote.restore) || (local.type === 'update' && local.restore);
  if (isRestore) {
    return 'restore';
  }
  if (remote.type !== 'none' && local.type !== 'none') {
    return 'merge';
  }
  if (remote.type !== 'none') {
    return 'update';
  }
  return local.type === 'none' ? 'skip' : 'pull';
}

function baseAfter(
  context: PlanContext,
  base: RecordValues | undefined,
  local: RecordValues,
  remote: RecordValues,
  writes: { toRemote: RecordValues; toLocal: RecordValues },
): RecordValues {
  const next: RecordValues = {};
  for (const column of columnsOf(context.mapping)) {
    if (column in writes.toRemote) {
      next[column] = writes.toRemote[column];
    } else if (column in writes.toLocal) {
      next[column] = writes.toLocal[column];
    } else if (valuesEqual(local[column], remote[column])) {
      next[column] = local[column];
    } else if (base !== undefined && column in base) {
      next[column] = base[column];
    }
  }
  return next;
}
