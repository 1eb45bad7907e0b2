import { canonicalize } from '../notion/property-codecs';
import type { RecordValues, SyncMappingDefinition } from '../sync/mapping';
import { mergeRecord } from '../sync/merge';
import { findRequiredProblem } from '../sync/plan-shapes';
import type { ConflictResolution } from '../sync/run-types';
import { ConflictResolutionError } from './errors';

/** The record as both sides now hold it, and the conflict being settled. */
export interface ResolveSides {
  conflictId: string;
  fields: readonly string[];
  base: RecordValues | undefined;
  local: RecordValues;
  remote: RecordValues;
}

/**
 * The values both sides take: the person's choice for the conflicting fields, and for the other
 * fields whatever changed since the base (the local value where both changed again).
 */
export function resolvedValues(
  mapping: SyncMappingDefinition,
  sides: ResolveSides,
  resolution: ConflictResolution,
): RecordValues {
  const columns = mapping.fields.map((field) => field.column);
  const merged = mergeRecord(columns, sides.base, sides.local, sides.remote);
  const values: RecordValues = { ...sides.local, ...merged.toLocal };
  for (const column of sides.fields) {
    values[column] = chosenValue(mapping, sides, resolution, column);
  }
  const problem = findRequiredProblem(mapping, values);
  if (problem !== undefined) {
    throw new ConflictResolutionError(sides.conflictId, problem);
  }
  return values;
}

function chosenValue(
  mapping: SyncMappingDefinition,
  sides: ResolveSides,
  resolution: ConflictResolution,
  column: string,
): unknown {
  if (resolution.choice === 'local') {
    return sides.local[column];
  }
  if (resolution.choice === 'remote') {
    return sides.remote[column];
  }
  const values = resolution.values ?? {};
  if (!(column in values)) {
    throw new ConflictResolutionError(sides.conflictId, `merged values lack the field ${column}`);
  }
  return canonicalMerged(mapping, sides.conflictId, column, values[column]);
}

function canonicalMerged(
  mapping: SyncMappingDefinition,
  conflictId: string,
  column: string,
  value: unknown,
): unknown {
  const field = mapping.fields.find((candidate) => candidate.column === column);
  if (field === undefined) {
    throw new ConflictResolutionError(conflictId, `${column} is not a synced field`);
  }
  try {
    if (field.format === 'json') {
      return checkedObject(value);
    }
    return canonicalize(field.type, value);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new ConflictResolutionError(conflictId, `${column}: ${problem}`);
  }
}

function checkedObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('expected a JSON object');
  }
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
