import type { Client } from '@temporalio/client';
import { Presets, SingleBar } from 'cli-progress';

import type { SyncDirection } from '../sync/mapping';
import type { SyncPhase, SyncProgress, SyncResult } from '../sync/run-types';
import { progressQuery } from '../workflows/definitions';

/** The phases a run of each direction walks through, in order; the bar moves one per phase. */
const phaseSteps: Readonly<Record<SyncDirection, readonly SyncPhase[]>> = {
  push: ['starting', 'push', 'finishing', 'done'],
  pull: ['starting', 'pull_trash', 'pull', 'finishing', 'done'],
  both: ['starting', 'pull_trash', 'pull', 'push', 'finishing', 'done'],
};

const barFormat =
  '{bar} {phase} | {processed} records: {success} synced, {failed} failed, ' +
  '{skipped} skipped, {conflicts} conflicts | {requests} requests';

/** Options of {@link followRun}. */
export interface FollowOptions {
  direction: SyncDirection;
  /** Milliseconds between `progress` queries. Default 500. */
  pollMs?: number;
  /** Where the bar is drawn. Default `process.stderr`. */
  stream?: NodeJS.WritableStream;
}

/**
 * Draws a progress bar from the run's `progress` query until the run ends, and resolves with
 * its result; a failed run rejects with the client's `WorkflowFailedError`. Queries that fail
 * (no worker yet, the run not started) leave the bar where it is.
 */
export async function followRun(
  client: Client,
  workflowId: string,
  options: FollowOptions,
): Promise<SyncResult> {
  const handle = client.workflow.getHandle(workflowId);
  const steps = phaseSteps[options.direction];
  const bar = new SingleBar(
    { format: barFormat, stream: options.stream, noTTYOutput: true, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
  bar.start(steps.length - 1, 0, payloadOf(undefined));
  let isQuerying = false;
  let last: SyncProgress | undefined;
  const poll = (): void => {
    if (isQuerying) {
      return;
    }
    isQuerying = true;
    handle
      .query(progressQuery)
      .then((progress) => {
        last = progress;
        bar.update(Math.max(0, steps.indexOf(progress.phase)), payloadOf(progress));
      })
      .catch(() => undefined)
      .finally(() => (isQuerying = false));
  };
  const timer = setInterval(poll, options.pollMs ?? 500);
  try {
    const result = (await handle.result()) as SyncResult;
    const { success, failed, skipped, conflicts, requests } = result;
    const counts = { success, failed, skipped, conflicts, requests };
    bar.update(steps.length - 1, { ...payloadOf(last), ...counts, phase: 'done' });
    return result;
  } finally {
    clearInterval(timer);
    bar.stop();
  }
}

function payloadOf(progress: SyncProgress | undefined): Record<string, string | number> {
  return {
    phase: progress?.phase ?? 'starting',
    processed: progress?.processed ?? 0,
    success: progress?.success ?? 0,
    failed: progress?.failed ?? 0,
    skipped: progress?.skipped ?? 0,
    conflicts: progress?.conflicts ?? 0,
    requests: progress?.requests ?? 0,
  };
}
