import type { RecordValues } from './mapping';
import { valuesEqual } from './stable-json';

/** How one field moved since the base: on neither side, one side, both alike, or both apart. */
export type FieldChange = 'unchanged' | 'local' | 'remote' | 'converged' | 'conflict';

/** A field changed on both sides to different values. `base` is undefined for unlinked records. */
export interface FieldConflict {
  field: string;
  base: unknown;
  local: unknown;
  remote: unknown;
}

/** The outcome of a three-way merge of one record. */
export interface MergeResult {
  changes: Record<string, FieldChange>;
  /** Fields changed only locally, with their new values: Notion must take them. */
  toRemote: RecordValues;
  /** Fields changed only in Notion, with their new values: the database must take them. */
  toLocal: RecordValues;
  conflicts: FieldConflict[];
}

/**
 * Merges one record field by field against the base both sides last agreed on. Without a base
 * (a page and a row meeting for the first time) every differing field is a conflict.
 */
export function mergeRecord(
  fields: readonly string[],
  base: RecordValues | undefined,
  local: RecordValues,
  remote: RecordValues,
): MergeResult {
  const result: MergeResult = { changes: {}, toRemote: {}, toLocal: {}, conflicts: [] };
  for (const field of fields) {
    const change = classify(base, local[field], remote[field], field);
    result.changes[field] = change;
    if (change === 'local') {
      result.toRemote[field] = local[field];
    } else if (change === 'remote') {
      result.toLocal[field] = remote[field];
    } else if (change === 'conflict') {
      const conflict = { field, local: local[field], remote: remote[field] };
      result.conflicts.push({ ...conflict, base: base?.[field] });
    }
  }
  return result;
}

function classify(
  base: RecordValues | undefined,
  local: unknown,
  remote: unknown,
  field: string,
): FieldChange {
  if (valuesEqual(local, remote)) {
    return base !== undefined && valuesEqual(local, base[field]) ? 'unchanged' : 'converged';
  }
  if (base === undefined || !(field in base)) {
    return 'conflict';
  }
  if (valuesEqual(local, base[field])) {
    return 'remote';
  }
  return valuesEqual(remote, base[field]) ? 'local' : 'conflict';
}
