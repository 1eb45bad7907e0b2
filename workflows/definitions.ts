/**
 * The messages of the sync workflows, importable by clients (the API) without pulling in any
 * activity or workflow code.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

import type { SyncDirection } from '../sync/mapping';
import type { ConflictOutcome, ConflictResolution, SyncProgress } from '../sync/run-types';

/** Where a sync run is: phase, counts, requests spent and the batch in flight. */
export const progressQuery = defineQuery<SyncProgress>('progress');

/** Settles the conflict a `resolveConflict` workflow waits for; answers once both sides agree. */
export const resolveUpdate = defineUpdate<ConflictOutcome, [ConflictResolution]>('resolve');

/** What a `resolveConflict` workflow is waiting for. */
export interface ConflictState {
  conflictId: string;
  localId: string;
  pageId: string;
  fields: string[];
  status: 'open' | 'applying' | 'resolved';
}

/** The state of a `resolveConflict` workflow. */
export const conflictStateQuery = defineQuery<ConflictState>('conflictState');

/** The workflow type that runs a sync in each direction; all three share one engine. */
export const syncWorkflowTypes: Readonly<Record<SyncDirection, string>> = {
  push: 'syncAgentsToNotion',
  pull: 'syncNotionToAgents',
  both: 'bidirectionalSync',
};

/** The workflow type of the child that waits for a conflict's resolution. */
export const resolveConflictWorkflowType = 'resolveConflict';
