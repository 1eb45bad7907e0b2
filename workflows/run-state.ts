import type { BatchOutput } from '../activities/batch-types';
import type { LocalCursor } from '../activities/local-table';
import type { RunWindow } from '../activities/run-lifecycle';
import type { SyncDirection } from '../sync/mapping';
import type { PlanKind } from '../sync/plan-types';
import type { RecordError, SyncCounts, SyncPhase, SyncResult } from '../sync/run-types';

/** Errors kept in the result; the failed count covers the rest. */
export const maxKeptErrors = 100;
const maxExcludedIds = 1_000;

/** Everything a run carries, across batches and continue-as-new. */
export interface EngineState {
  window: RunWindow;
  phase: SyncPhase;
  remoteCursor: string | null;
  localCursor: LocalCursor | null;
  /** Records finished by a partial call of the batch in flight. */
  doneKeys: string[];
  counts: SyncCounts;
  kinds: Partial<Record<PlanKind, number>>;
  plannedRequests: number;
  processed: number;
  batches: number;
  errors: RecordError[];
  retryFrom: { local?: string; remote?: string };
  /** Rows whose page failed in the remote scan; the push scan leaves them alone. */
  excludeLocalIds: string[];
  continuations: number;
  /** Batch calls in a row that could not sync a single record. */
  stalls: number;
  /** The trash scan answered live pages too, so it covered the live scan. */
  isLiveScanCovered?: boolean;
  /**
   * Push batches cut but not finished, in key order (see `runPushPhase`); `localCursor` is then
   * where the next cut starts. Absent in states of runs started before batches ran side by side.
   */
  pushRanges?: PushRange[];
  /** The push window is cut to its end: no range remains beyond `pushRanges`. */
  isPushCut?: boolean;
}

/** One push batch's stretch of the keyset order and the records a partial call finished. */
export interface PushRange {
  cursor: LocalCursor | null;
  upTo: LocalCursor;
  doneKeys: string[];
}

/**
 * The trash scan comes first: where Notion's `in_trash` query answers live pages too, it has
 * then read every changed page, and the live scan is skipped (see `absorbBatch`).
 */
const phaseOrder: Readonly<Record<SyncDirection, readonly SyncPhase[]>> = {
  push: ['push'],
  pull: ['pull_trash', 'pull'],
  both: ['pull_trash', 'pull', 'push'],
};

/** A fresh state at the first phase of `direction`. */
export function initialState(window: RunWindow, direction: SyncDirection): EngineState {
  return {
    window,
    phase: phaseOrder[direction][0] ?? 'finishing',
    remoteCursor: null,
    localCursor: null,
    doneKeys: [],
    counts: { success: 0, failed: 0, skipped: 0, conflicts: 0, requests: 0 },
    kinds: {},
    plannedRequests: 0,
    processed: 0,
    batches: 0,
    errors: [],
    retryFrom: {},
    excludeLocalIds: [],
    continuations: 0,
    stalls: 0,
  };
}

/** Adds one batch call's output to the state and moves the cursor or the phase on. */
export function absorbBatch(
  state: EngineState,
  direction: SyncDirection,
  output: BatchOutput<string | LocalCursor>,
): void {
  addCounts(state, output);
  state.stalls = output.isStalled ? state.stalls + 1 : 0;
  if (output.isPartial) {
    state.doneKeys = output.doneKeys;
    return;
  }
  state.doneKeys = [];
  state.batches += 1;
  if (state.phase === 'pull_trash' && output.isLiveScanCovered === true) {
    state.isLiveScanCovered = true;
  }
  if (state.phase === 'push') {
    state.localCursor = output.nextCursor as LocalCursor | null;
  } else {
    state.remoteCursor = output.nextCursor as string | null;
  }
  if (output.nextCursor === null) {
    state.phase = nextPhase(direction, state.phase);
  }
  if (state.phase === 'pull' && state.isLiveScanCovered === true) {
    state.phase = nextPhase(direction, state.phase);
  }
}

/**
 * Adds the output of a push batch over `range`: a partial call keeps the range with its done
 * keys; a range that held more rows than it was cut with goes on from the batch's cursor; a
 * finished range leaves the queue. Stalls are counted by the caller, once per round.
 */
export function absorbPushBatch(
  state: EngineState,
  range: PushRange,
  output: BatchOutput<string | LocalCursor>,
): void {
  addCounts(state, output);
  if (output.isPartial) {
    range.doneKeys = output.doneKeys;
    return;
  }
  state.batches += 1;
  range.doneKeys = [];
  if (output.nextCursor !== null) {
    range.cursor = output.nextCursor as LocalCursor;
    return;
  }
  state.pushRanges = (state.pushRanges ?? []).filter((entry) => entry !== range);
}

function addCounts(state: EngineState, output: BatchOutput<unknown>): void {
  for (const key of Object.keys(state.counts) as (keyof SyncCounts)[]) {
    state.counts[key] += output.counts[key];
  }
  for (const [kind, count] of Object.entries(output.kinds) as [PlanKind, number][]) {
    state.kinds[kind] = (state.kinds[kind] ?? 0) + count;
  }
  state.plannedRequests += output.plannedRequests;
  state.processed += output.processed;
  state.errors.push(...output.errors.slice(0, maxKeptErrors - state.errors.length));
  state.retryFrom = {
    local: earliest(state.retryFrom.local, output.retryFrom.local),
    remote: earliest(state.retryFrom.remote, output.retryFrom.remote),
  };
  if (state.phase !== 'push') {
    const failedIds = output.errors.map((error) => error.localId).filter((id) => id !== undefined);
    const ids = [...failedIds, ...output.plannedLocalIds];
    state.excludeLocalIds.push(...ids.slice(0, maxExcludedIds - state.excludeLocalIds.length));
  }
}

/** The phase after `phase` for `direction`. */
export function nextPhase(direction: SyncDirection, phase: SyncPhase): SyncPhase {
  const order = phaseOrder[direction];
  return order[order.indexOf(phase) + 1] ?? 'finishing';
}

/** The earlier of two ISO instants; undefined counts as "none". */
export function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/**
 * The watermarks a completed run stores: its start for each side it read, held back to the
 * earliest record that failed but may succeed next time.
 */
export function nextWatermarks(state: EngineState, direction: SyncDirection) {
  return {
    local:
      direction === 'pull' ? undefined : earliest(state.window.startedAt, state.retryFrom.local),
    remote:
      direction === 'push'
        ? undefined
        : earliest(state.window.remoteScanStartedAt, state.retryFrom.remote),
  };
}

/** The workflow's result. */
export function resultOf(state: EngineState, isDryRun: boolean): SyncResult {
  return {
    ...state.counts,
    errors: state.errors.map(({ localId, pageId, message }) => ({ localId, pageId, message })),
    isDryRun,
    kinds: state.kinds,
    plannedRequests: state.plannedRequests,
  };
}
