import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  setCurrentDetails,
  type ActivityInterfaceFor,
} from '@temporalio/workflow';

import type { BatchOutput } from '../activities/batch-types';
import type { SyncActivities } from '../activities/create-activities';
import type { LocalCursor } from '../activities/local-table';
import type { RunContext } from '../activities/sync-env';
import { batchSummary, detailsOf } from './progress-view';
import { absorbPushBatch, nextPhase, type EngineState, type PushRange } from './run-state';
import { batchActivityOptions, type ResolvedSyncOptions } from './sync-options';

/** Batches cut ahead per cut call, for each batch allowed in flight. */
const cutAheadFactor = 4;

/** What the push phase works with. */
export interface PushPhase {
  /** Proxies of the batch activities. */
  activities: ActivityInterfaceFor<SyncActivities>;
  /** Proxies with the lifecycle options, retried until the database answers: for the cuts. */
  lifecycle: ActivityInterfaceFor<SyncActivities>;
  options: ResolvedSyncOptions;
  run: RunContext;
  state: EngineState;
  /** Starts the waits of a batch's conflicts and sleeps the pause it calls for, if any. */
  afterBatch(output: BatchOutput<unknown>): Promise<void>;
  /** Whether to stop starting batches, so the run can continue as new once none is in flight. */
  shouldDrain(): boolean;
}

type Settled =
  | { range: PushRange; output: BatchOutput<string | LocalCursor>; round: number }
  | { range: PushRange; error: unknown; round: number };

/**
 * The push phase with up to `parallelBatches` batch activities in flight, on whichever workers
 * poll the task queue: the window is cut into key ranges of `batchSize` rows first (keys only,
 * a few ranges ahead), and each range is one batch, with its own done keys when a call ends
 * partial. Returns when the phase is over, or when `shouldDrain` asked for a continue-as-new and
 * the batches in flight have ended.
 */
export async function runPushPhase(phase: PushPhase): Promise<void> {
  const { state, options } = phase;
  const inFlight = new Map<PushRange, Promise<Settled>>();
  // A stall counts once per round: the answers of batches started before the last stall was
  // counted tell nothing new about the outage.
  let round = 0;
  state.pushRanges ??= [];
  for (;;) {
    const isDraining = phase.shouldDrain();
    if (!isDraining) {
      await cutAhead(phase);
      for (const range of state.pushRanges) {
        if (inFlight.size >= options.parallelBatches) {
          break;
        }
        if (!inFlight.has(range)) {
          inFlight.set(range, launch(phase, range, round));
        }
      }
    }
    if (inFlight.size === 0) {
      if (!isDraining) {
        state.phase = nextPhase(options.direction, 'push');
      }
      return;
    }
    setCurrentDetails(detailsOf(state, options));
    const settled = await Promise.race(inFlight.values());
    inFlight.delete(settled.range);
    const { output, round: launchedIn } = outcomeOf(settled);
    if (output.isStalled) {
      if (launchedIn === round) {
        state.stalls += 1;
        round += 1;
        await phase.afterBatch(output);
      }
    } else {
      state.stalls = 0;
    }
    absorbPushBatch(state, settled.range, output);
    if (!output.isStalled) {
      await phase.afterBatch(output);
    }
  }
}

/**
 * A batch whose attempts all ended in a timeout (its workers died, say) or a retryable error
 * stalls its range: the range is tried again after the stall's back-off, from its last done
 * keys, and records its lost attempts finished are found linked or pending. Batches run side by
 * side, so one worker's crash can use up the attempts of every batch it held. A failure no
 * retry can fix, or a cancellation, ends the run.
 */
function outcomeOf(settled: Settled): {
  output: BatchOutput<string | LocalCursor>;
  round: number;
} {
  if (!('error' in settled)) {
    return settled;
  }
  const { error, range, round } = settled;
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const isStall =
    cause instanceof TimeoutFailure || (cause instanceof ApplicationFailure && !cause.nonRetryable);
  if (!isStall) {
    throw error;
  }
  return { output: stalledOutput(range), round };
}

function stalledOutput(range: PushRange): BatchOutput<LocalCursor> {
  return {
    nextCursor: range.cursor,
    isPartial: true,
    isStalled: true,
    doneKeys: range.doneKeys,
    processed: 0,
    counts: { success: 0, failed: 0, skipped: 0, conflicts: 0, requests: 0 },
    kinds: {},
    plannedRequests: 0,
    errors: [],
    conflicts: [],
    plannedLocalIds: [],
    retryFrom: {},
  };
}

/** Cuts more ranges once fewer are queued than may run at once, until the window is cut. */
async function cutAhead(phase: PushPhase): Promise<void> {
  const { state, options } = phase;
  const ranges = state.pushRanges ?? [];
  if (state.isPushCut === true || ranges.length >= options.parallelBatches) {
    return;
  }
  const cut = await phase.lifecycle.cutLocalBatches({
    run: phase.run,
    since: state.window.localSince,
    until: state.window.startedAt,
    cursor: state.localCursor ?? undefined,
    limit: options.batchSize,
    count: options.parallelBatches * cutAheadFactor,
  });
  ranges.push(
    ...cut.ranges.map((range) => ({
      cursor: range.cursor ?? null,
      upTo: range.upTo,
      doneKeys: [],
    })),
  );
  state.pushRanges = ranges;
  state.localCursor = cut.nextCursor;
  state.isPushCut = cut.nextCursor === null;
}

/** Starts the batch of `range`; the promise never rejects, so none is left unhandled. */
function launch(phase: PushPhase, range: PushRange, round: number): Promise<Settled> {
  const { options, state } = phase;
  const activityOptions = {
    ...batchActivityOptions(options),
    summary: batchSummary(state, options),
  };
  return phase.activities.syncLocalBatch
    .executeWithOptions(activityOptions, [
      {
        run: phase.run,
        doneKeys: range.doneKeys,
        maxAttempts: options.maxAttempts,
        concurrency: options.concurrency,
        since: state.window.localSince,
        until: state.window.startedAt,
        cursor: range.cursor ?? undefined,
        upTo: range.upTo,
        limit: options.batchSize,
        excludeLocalIds: state.excludeLocalIds,
      },
    ])
    .then(
      (output): Settled => ({ range, output, round }),
      (error: unknown): Settled => ({ range, error, round }),
    );
}
