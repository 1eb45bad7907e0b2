import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  patched,
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

const launchFirstPatch = 'push-launch-before-cut';

/** What the push phase works with. */
export interface PushPhase {
  /** Proxies of the batch activities, with their bounded retries. */
  activities: ActivityInterfaceFor<SyncActivities>;
  options: ResolvedSyncOptions;
  run: RunContext;
  state: EngineState;
  /** Starts the waits of a batch's conflicts and sleeps the pause it calls for, if any. */
  afterBatch(output: BatchOutput<unknown>): Promise<void>;
  /** Whether to stop starting batches, so the run can continue as new once none is in flight. */
  shouldDrain(): boolean;
}

type Output = BatchOutput<string | LocalCursor>;

type Settled =
  | { range: PushRange; output: Output; round: number }
  | { range: PushRange; error: unknown; round: number };

/** Where the phase is: the batches in flight and the stall round (see `countStall`). */
interface Flight {
  readonly batches: Map<PushRange, Promise<Settled>>;
  round: number;
}

/**
 * The push phase with up to `parallelBatches` batch activities in flight, on whichever workers
 * poll the task queue: the window is cut into key ranges of `batchSize` rows first (keys only,
 * a few ranges ahead), and each range is one batch, with its own done keys when a call ends
 * partial. Returns when the phase is over, or when `shouldDrain` asked for a continue-as-new and
 * the batches in flight have ended. When the run fails, the batches in flight end first and
 * their work is counted.
 */
export async function runPushPhase(phase: PushPhase): Promise<void> {
  const { state } = phase;
  const flight: Flight = { batches: new Map(), round: 0 };
  state.pushRanges ??= [];
  try {
    while (await step(phase, flight)) {
      // Each step launches what it may and absorbs one finished batch.
    }
  } catch (error) {
    await land(phase, flight);
    throw error;
  }
}

/** One turn of the phase; false once the phase is over or drained for a continue-as-new. */
async function step(phase: PushPhase, flight: Flight): Promise<boolean> {
  const { state, options } = phase;
  const isDraining = phase.shouldDrain();
  if (!isDraining) {
    // Runs started before the patch cut first; now the ranges at hand start before the cut call.
    const isLaunchFirst = patched(launchFirstPatch);
    if (isLaunchFirst) {
      launchQueued(phase, flight);
    }
    if (!(await cutAhead(phase, isLaunchFirst ? flight.batches.size : 0))) {
      await countStall(phase, flight, stalledOutput(null, []), flight.round);
      return true;
    }
    launchQueued(phase, flight);
  }
  if (flight.batches.size === 0) {
    if (!isDraining) {
      state.phase = nextPhase(options.direction, 'push');
    }
    return false;
  }
  setCurrentDetails(detailsOf(state, options));
  const settled = await Promise.race(flight.batches.values());
  flight.batches.delete(settled.range);
  const output = outputOf(settled);
  if (output.isStalled) {
    await countStall(phase, flight, output, settled.round);
    absorbPushBatch(state, settled.range, output);
    return true;
  }
  state.stalls = 0;
  absorbPushBatch(state, settled.range, output);
  await phase.afterBatch(output);
  return true;
}

/** Starts batches of the ranges cut and not yet in flight, up to `parallelBatches` at once. */
function launchQueued(phase: PushPhase, flight: Flight): void {
  for (const range of phase.state.pushRanges ?? []) {
    if (flight.batches.size >= phase.options.parallelBatches) {
      return;
    }
    if (!flight.batches.has(range)) {
      flight.batches.set(range, launch(phase, range, flight.round));
    }
  }
}

/**
 * Counts a stall once per round: the answers of batches started before the last counted stall
 * tell nothing new about the outage. A counted stall sleeps its back-off, or ends the run with
 * `SyncStalledError` after `maxAttempts` in a row (in `afterBatch`).
 */
async function countStall(
  phase: PushPhase,
  flight: Flight,
  output: Output,
  round: number,
): Promise<void> {
  if (round !== flight.round) {
    return;
  }
  phase.state.stalls += 1;
  flight.round += 1;
  await phase.afterBatch(output);
}

/** Waits for the batches in flight, failed run or not, and counts what they did. */
async function land(phase: PushPhase, flight: Flight): Promise<void> {
  const settled = await Promise.all(flight.batches.values());
  flight.batches.clear();
  for (const entry of settled) {
    if (!('error' in entry)) {
      absorbPushBatch(phase.state, entry.range, entry.output);
    }
  }
}

/**
 * A batch whose every attempt failed, by timeout (its worker died, say) or by a retryable error,
 * stalls its range: the range is tried again after the stall back-off from its last done keys,
 * and the records its lost attempts finished are found linked or pending. Batches run side by
 * side, so one worker's crash can use up an attempt of every batch it held. A failure no retry
 * can fix, or a cancellation, ends the run.
 */
function outputOf(settled: Settled): Output {
  if (!('error' in settled)) {
    return settled.output;
  }
  const { error, range } = settled;
  if (!(error instanceof ActivityFailure) || !isExhausted(error.retryState)) {
    throw error;
  }
  return stalledOutput(range.cursor, range.doneKeys);
}

function isExhausted(state: RetryState): boolean {
  return state === RetryState.MAXIMUM_ATTEMPTS_REACHED || state === RetryState.TIMEOUT;
}

/** A stall's output, as the activities build one (workflows import no activity code). */
function stalledOutput(cursor: LocalCursor | null, doneKeys: string[]): Output {
  return {
    nextCursor: cursor,
    isPartial: true,
    isStalled: true,
    doneKeys,
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

/**
 * Cuts more ranges once fewer wait, besides the `inFlight` ones, than may run at once, until
 * the window is cut: the batches in flight go on meanwhile, and the next ones are at hand when
 * they end. The done keys of a partial batch of a run that pushed one batch at a time go to its
 * first range. Returns false when the cut could not be read through all its attempts: a stall.
 */
async function cutAhead(phase: PushPhase, inFlight: number): Promise<boolean> {
  const { state, options } = phase;
  const ranges = state.pushRanges ?? [];
  if (state.isPushCut === true || ranges.length - inFlight >= options.parallelBatches) {
    return true;
  }
  let cut;
  try {
    cut = await phase.activities.cutLocalBatches({
      run: phase.run,
      since: state.window.localSince,
      until: state.window.startedAt,
      cursor: state.localCursor ?? undefined,
      limit: options.batchSize,
      count: options.parallelBatches * cutAheadFactor,
    });
  } catch (error) {
    if (error instanceof ActivityFailure && isExhausted(error.retryState)) {
      return false;
    }
    throw error;
  }
  const cutRanges: PushRange[] = cut.ranges.map((range) => ({
    cursor: range.cursor ?? null,
    upTo: range.upTo,
    doneKeys: [],
  }));
  if (ranges.length === 0 && cutRanges[0] !== undefined && state.doneKeys.length > 0) {
    cutRanges[0].doneKeys = state.doneKeys;
    state.doneKeys = [];
  }
  state.pushRanges = [...ranges, ...cutRanges];
  state.localCursor = cut.nextCursor;
  state.isPushCut = cut.nextCursor === null;
  return true;
}

/** Starts the batch of `range`; the promise never rejects, so none is left unhandled. */
function launch(phase: PushPhase, range: PushRange, round: number): Promise<Settled> {
  const { options, state } = phase;
  const activityOptions = {
    ...batchActivityOptions(options),
    summary: batchSummary(state, options),
  };
  return phase.activities.syncLocalRange
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
