import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityInterfaceFor,
} from '@temporalio/workflow';

import type { BatchOutput } from '../activities/batch-types';
import type { OpenedConflict } from '../activities/conflict-store';
import type { SyncActivities } from '../activities/create-activities';
import type { LocalCursor } from '../activities/local-table';
import type { RunContext } from '../activities/sync-env';
import type { SyncResult, SyncRunOptions } from '../sync/run-types';
import { progressQuery, resolveConflictWorkflowType } from './definitions';
import { batchSummary, detailsOf, progressOf } from './progress-view';
import type { ResolveConflictInput } from './resolve-conflict-workflow';
import { runPushPhase } from './push-phase';
import { absorbBatch, initialState, nextWatermarks, resultOf, type EngineState } from './run-state';
import { syncDirectionKey, syncMappingKey } from './search-attributes';
import {
  batchActivityOptions,
  lifecycleActivityOptions,
  overlapMs,
  remotePageSize,
  resolveSyncOptions,
  type ResolvedSyncOptions,
} from './sync-options';

/** The input of every sync workflow; `state` is only set by the run's own continue-as-new. */
export interface SyncWorkflowInput extends SyncRunOptions {
  state?: EngineState;
}

/**
 * The one sync engine behind the three sync workflows: pull Notion's changes, then push the
 * database's, one batch activity at a time, then move the watermarks as the last step.
 */
export async function runSync(input: SyncWorkflowInput): Promise<SyncResult> {
  const options = resolveSyncOptions(input);
  const run = runContextOf(options);
  const lifecycle = proxyActivities<SyncActivities>(lifecycleActivityOptions(options));
  upsertSearchAttributes([
    { key: syncMappingKey, value: options.mapping },
    { key: syncDirectionKey, value: options.direction },
  ]);
  const state =
    input.state ??
    initialState(await lifecycle.beginSyncRun({ run, overlapMs }), options.direction);
  setHandler(progressQuery, () => progressOf(state, options));
  try {
    await runPhases(input, options, run, state);
  } catch (error) {
    if (error instanceof ContinueAsNew) {
      throw error;
    }
    const status = isCancellation(error) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(() => finishRun(lifecycle, run, state, options, status));
    throw error;
  }
  await finishRun(lifecycle, run, state, options, 'completed');
  return resultOf(state, options.isDryRun);
}

function runContextOf(options: ResolvedSyncOptions): RunContext {
  const info = workflowInfo();
  return {
    mapping: options.mapping,
    direction: options.direction,
    policy: options.policy,
    tieBreaker: options.tieBreaker,
    isDryRun: options.isDryRun,
    workflowId: info.workflowId,
    runId: info.firstExecutionRunId,
  };
}

async function runPhases(
  input: SyncWorkflowInput,
  options: ResolvedSyncOptions,
  run: RunContext,
  state: EngineState,
): Promise<void> {
  const activities = proxyActivities<SyncActivities>(batchActivityOptions(options));
  const renew = async () => {
    await condition(allHandlersFinished);
    state.continuations += 1;
    await continueAsNew<typeof runSync>({ ...input, state });
  };
  while (state.phase !== 'finishing') {
    if (shouldContinueAsNew(options)) {
      await renew();
    }
    setCurrentDetails(detailsOf(state, options));
    if (state.phase === 'push' && patched(parallelPushPatch)) {
      await runPushPhase({
        activities,
        options,
        run,
        state,
        afterBatch: (output) => settleBatch(output, state, options),
        shouldDrain: () => shouldContinueAsNew(options, pushReserve(options)),
      });
      // The phase returns before its end only to continue as new, its batches landed.
      if (state.phase === 'push') {
        await renew();
      }
      continue;
    }
    const output = await runBatch(activities, options, run, state);
    absorbBatch(state, options.direction, output);
    await settleBatch(output, state, options);
  }
  setCurrentDetails(detailsOf(state, options));
}

/**
 * Marks the runs whose push batches run side by side (`runPushPhase`); runs started before it
 * replay their one-at-a-time push.
 */
const parallelPushPatch = 'parallel-push-batches';

/** Starts the waits of a batch's conflicts, then sleeps the pause it calls for, if any. */
async function settleBatch(
  output: BatchOutput<unknown>,
  state: EngineState,
  options: ResolvedSyncOptions,
): Promise<void> {
  await startConflictWaits(options, output.conflicts);
  const pauseMs = pauseAfter(output, state, options);
  if (pauseMs > 0) {
    await sleep(pauseMs);
  }
}

/**
 * How long to wait before the next batch call. A partial batch that made progress goes on at
 * once, unless Notion asked for a pause (Retry-After). A stalled batch (its every attempt failed
 * before syncing a record) waits longer each time, and after `maxAttempts` stalls in a row the
 * run fails, leaving its watermarks where they were for the next run.
 */
function pauseAfter(
  output: BatchOutput<unknown>,
  state: EngineState,
  options: ResolvedSyncOptions,
): number {
  if (!output.isStalled) {
    return output.isPartial ? (output.retryAfterMs ?? 0) : 0;
  }
  if (state.stalls >= options.maxAttempts) {
    throw ApplicationFailure.create({
      type: 'SyncStalledError',
      message:
        `No record could be synced in ${state.stalls} rounds of ${options.maxAttempts} ` +
        'attempts: Notion or the database stays unreachable',
      nonRetryable: true,
    });
  }
  return output.retryAfterMs ?? options.retryDelayMs * 2 ** state.stalls;
}

/**
 * Whether to continue as new; `reserve` events are kept free below the limit, for the batches
 * still in flight to land in.
 */
function shouldContinueAsNew(options: ResolvedSyncOptions, reserve = 0): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength + reserve >= options.maxHistoryEvents;
}

/** History events one batch call adds: its activity's three, a workflow task's three. */
const eventsPerBatch = 6;

/**
 * The history the push keeps free for its batches in flight, at most half the limit, so that a
 * new run always has room to start a batch.
 */
function pushReserve(options: ResolvedSyncOptions): number {
  return Math.min(
    options.parallelBatches * eventsPerBatch,
    Math.floor(options.maxHistoryEvents / 2),
  );
}

function runBatch(
  activities: ActivityInterfaceFor<SyncActivities>,
  options: ResolvedSyncOptions,
  run: RunContext,
  state: EngineState,
): Promise<BatchOutput<string | LocalCursor>> {
  const activityOptions = {
    ...batchActivityOptions(options),
    summary: batchSummary(state, options),
  };
  const shared = {
    run,
    doneKeys: state.doneKeys,
    maxAttempts: options.maxAttempts,
    concurrency: options.concurrency,
  };
  if (state.phase === 'push') {
    return activities.syncLocalBatch.executeWithOptions(activityOptions, [
      {
        ...shared,
        since: state.window.localSince,
        until: state.window.startedAt,
        cursor: state.localCursor ?? undefined,
        limit: options.batchSize,
        excludeLocalIds: state.excludeLocalIds,
      },
    ]);
  }
  return activities.syncRemoteBatch.executeWithOptions(activityOptions, [
    {
      ...shared,
      inTrash: state.phase === 'pull_trash',
      editedSince: state.window.remoteSince,
      cursor: state.remoteCursor,
      pageSize: remotePageSize,
    },
  ]);
}

async function finishRun(
  lifecycle: ActivityInterfaceFor<SyncActivities>,
  run: RunContext,
  state: EngineState,
  options: ResolvedSyncOptions,
  status: 'completed' | 'failed' | 'cancelled',
): Promise<void> {
  state.phase = status === 'completed' ? 'done' : state.phase;
  await lifecycle.finishSyncRun({
    run,
    status,
    counts: state.counts,
    errors: state.errors,
    watermarks: nextWatermarks(state, options.direction),
  });
  setCurrentDetails(detailsOf(state, options));
}

/**
 * Starts one waiting child per conflict opened under `manual`. The children outlive the run
 * (they wait for a person, for days if need be); a retried batch reports a conflict again, and
 * the child already running for it is left as it is.
 */
async function startConflictWaits(
  options: ResolvedSyncOptions,
  conflicts: readonly OpenedConflict[],
): Promise<void> {
  for (const conflict of conflicts) {
    const input: ResolveConflictInput = {
      ...conflict,
      mapping: options.mapping,
      maxAttempts: options.maxAttempts,
      retryDelayMs: options.retryDelayMs,
    };
    const fields = conflict.fields.join(', ');
    try {
      await startChild(resolveConflictWorkflowType, {
        workflowId: conflict.workflowId,
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [{ key: syncMappingKey, value: options.mapping }],
        staticSummary: `Conflict on ${options.mapping} ${conflict.localId}: ${fields}`,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        throw error;
      }
    }
  }
}
