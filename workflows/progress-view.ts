import type { SyncProgress } from '../sync/run-types';
import type { EngineState } from './run-state';
import type { ResolvedSyncOptions } from './sync-options';

/** The answer of the `progress` query. */
export function progressOf(state: EngineState, options: ResolvedSyncOptions): SyncProgress {
  const isRunning = state.phase !== 'finishing' && state.phase !== 'done';
  return {
    ...state.counts,
    phase: state.phase,
    direction: options.direction,
    isDryRun: options.isDryRun,
    batches: state.batches,
    processed: state.processed,
    plannedRequests: state.plannedRequests,
    currentBatch: isRunning
      ? { phase: state.phase, number: state.batches + 1, cursor: cursorText(state) }
      : undefined,
    startedAt: state.window.startedAt,
    continuations: state.continuations,
  };
}

/** The Web UI's "current details": a few lines of Temporal markdown. */
export function detailsOf(state: EngineState, options: ResolvedSyncOptions): string {
  const { success, failed, skipped, conflicts, requests } = state.counts;
  const mode = options.isDryRun ? ' (dry run)' : '';
  const run = `**${options.mapping} ${options.direction}${mode}**`;
  return [
    `${run} · phase \`${state.phase}\` · batch ${state.batches + 1}`,
    `${state.processed} records: ${success} synced, ${failed} failed, ${skipped} skipped, ` +
      `${conflicts} conflicts`,
    `${requests} Notion requests spent, ${state.plannedRequests} writes planned`,
  ].join('\n');
}

/** The summary of one batch activity, as the Web UI lists it. */
export function batchSummary(state: EngineState, options: ResolvedSyncOptions): string {
  const pages = state.phase === 'pull_trash' ? 'changed and trashed' : 'changed';
  const what =
    state.phase === 'push'
      ? `push up to ${options.batchSize} changed rows`
      : `pull a page of ${pages} Notion pages`;
  const resume = state.doneKeys.length > 0 ? `, resuming after ${state.doneKeys.length} done` : '';
  return `Batch ${state.batches + 1}: ${what}${resume}`;
}

function cursorText(state: EngineState): string | null {
  if (state.phase === 'push') {
    return state.localCursor === null
      ? null
      : `${state.localCursor.changedAt}/${state.localCursor.id}`;
  }
  return state.remoteCursor;
}
