/**
 * The workflow entry point the worker bundles. The three sync workflows are names over one
 * engine, so each reads as what it does in the Web UI and in `temporal workflow list`.
 */
import type { SyncResult } from '../sync/run-types';
import { runSync, type SyncWorkflowInput } from './sync-engine';

export { resolveConflict } from './resolve-conflict-workflow';

/** Pushes database changes to Notion. */
export function syncAgentsToNotion(input: SyncWorkflowInput): Promise<SyncResult> {
  return runSync({ ...input, direction: 'push' });
}

/** Pulls Notion changes into the database. */
export function syncNotionToAgents(input: SyncWorkflowInput): Promise<SyncResult> {
  return runSync({ ...input, direction: 'pull' });
}

/** Merges changes both ways; what the schedule runs. */
export function bidirectionalSync(input: SyncWorkflowInput): Promise<SyncResult> {
  return runSync({ ...input, direction: 'both' });
}
