import type { RecordValues, SyncMappingDefinition } from './mapping';
import type { LocalAction, PlanKind, RecordPlan, RemoteAction } from './plan-types';

const noRemote: RemoteAction = { type: 'none' };
const noLocal: LocalAction = { type: 'none' };

/** A plan of `kind` with the given actions; its cost follows from the remote action. */
export function planOf(
  kind: PlanKind,
  remote: RemoteAction = noRemote,
  local: LocalAction = noLocal,
): RecordPlan {
  return { kind, remote, local, conflicts: [], cost: remote.type === 'none' ? 0 : 1 };
}

/** A plan that touches nothing, with the reason. */
export function skipPlan(problem: string): RecordPlan {
  return { ...planOf('skip'), problem };
}

/** Why writing `values` into the database would break a required column, if it would. */
export function findRequiredProblem(
  mapping: SyncMappingDefinition,
  values: RecordValues,
): string | undefined {
  for (const field of mapping.fields) {
    const value = values[field.column];
    const isBlank = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (field.isRequired === true && field.column in values && isBlank) {
      return `${field.property} is required but the page leaves it empty`;
    }
  }
  return undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a key property value can serve as a row id. */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && uuidPattern.test(value);
}
