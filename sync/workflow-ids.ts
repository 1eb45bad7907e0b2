import type { SyncDirection } from './mapping';

/** The id of the child workflow that waits for a person to resolve one conflict. */
export function conflictWorkflowId(mapping: string, conflictId: string): string {
  return `sync-conflict-${mapping}-${conflictId}`;
}

/** A readable id for a sync run started by hand: `sync-agents-both-<suffix>`. */
export function syncWorkflowId(mapping: string, direction: SyncDirection, suffix: string): string {
  return `sync-${mapping}-${direction}-${suffix}`;
}

/** The id of the schedule that syncs `mapping` periodically. */
export function syncScheduleId(mapping: string): string {
  return `sync-${mapping}`;
}
