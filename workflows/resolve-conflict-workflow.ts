import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';

import type { SyncActivities } from '../activities/create-activities';
import { resolutionProblem } from '../sync/resolution-check';
import type { ConflictOutcome, ConflictResolution } from '../sync/run-types';
import { conflictStateQuery, resolveUpdate, type ConflictState } from './definitions';
import { nonRetryableErrorTypes } from './sync-options';

/** The conflict a `resolveConflict` workflow waits on, and how its resolution is applied. */
export interface ResolveConflictInput {
  conflictId: string;
  mapping: string;
  localId: string;
  pageId: string;
  /** The conflicting columns. */
  fields: string[];
  /** Attempts of the applying activity. Default 3. */
  maxAttempts?: number;
  /** First retry back-off of the applying activity, in milliseconds. Default 5000. */
  retryDelayMs?: number;
}

/**
 * Waits, for as long as it takes, for a person to resolve one conflict through the `resolve`
 * Update, then applies the resolution to both sides. A resolution that cannot be applied fails
 * the Update, and the workflow goes on waiting for a better one.
 */
export async function resolveConflict(input: ResolveConflictInput): Promise<ConflictOutcome> {
  const { applyConflictResolution } = proxyActivities<SyncActivities>({
    startToCloseTimeout: '1 minute',
    retry: {
      maximumAttempts: input.maxAttempts ?? 3,
      initialInterval: input.retryDelayMs ?? 5_000,
      nonRetryableErrorTypes,
    },
  });
  const state: ConflictState = { ...input, status: 'open' };
  let outcome: ConflictOutcome | undefined;
  setHandler(conflictStateQuery, () => state);
  setHandler(
    resolveUpdate,
    async (resolution: ConflictResolution) => {
      state.status = 'applying';
      try {
        outcome = await applyConflictResolution({ conflictId: input.conflictId, resolution });
        state.status = 'resolved';
        setCurrentDetails(`Resolved: kept **${resolution.choice}** for ${input.fields.join(', ')}`);
        return outcome;
      } catch (error) {
        state.status = 'open';
        throw asUpdateFailure(error);
      }
    },
    { validator: (resolution: ConflictResolution) => validate(input.fields, state, resolution) },
  );
  const fields = input.fields.join(', ');
  setCurrentDetails(
    `Waiting for a person to resolve **${fields}** of ${input.mapping} ${input.localId}`,
  );
  await condition(() => outcome !== undefined);
  await condition(allHandlersFinished);
  return outcome as ConflictOutcome;
}

function validate(fields: readonly string[], state: ConflictState, resolution: unknown): void {
  if (state.status !== 'open') {
    throw new Error(`The conflict is ${state.status} already`);
  }
  const problem = resolutionProblem(fields, resolution);
  if (problem !== undefined) {
    throw new Error(problem);
  }
}

/** An activity's failure, reduced to its cause so the Update's caller reads why. */
function asUpdateFailure(error: unknown): unknown {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    return ApplicationFailure.create({
      type: cause.type ?? 'ConflictResolutionError',
      message: cause.message,
      nonRetryable: true,
    });
  }
  return error;
}
