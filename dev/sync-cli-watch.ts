import { setTimeout as sleep } from 'node:timers/promises';

import type { Client, ScheduleDescription } from '@temporalio/client';

import type { SyncDirection } from '../sync/mapping';
import { syncWorkflowTypes } from '../workflows/definitions';

/** A run the schedule started, with the direction its workflow type stands for. */
export interface ScheduledRun {
  workflowId: string;
  direction: SyncDirection;
}

/** Options of {@link followSchedule}. */
export interface FollowScheduleOptions {
  /** Called for each run the schedule starts after the call, one at a time. */
  onRun(run: ScheduledRun): Promise<void>;
  /** Called when the next scheduled time changes, e.g. to say what is awaited. */
  onWaiting(next: Date | undefined, isPaused: boolean): void;
  signal: AbortSignal;
  /** Milliseconds between looks at the schedule. Default 2000. */
  pollMs?: number;
}

/**
 * Follows the schedule's runs until `signal` aborts: every run it starts (on its interval or by
 * a trigger) is handed to `onRun`. Runs that started before the call are skipped. Throws the
 * client's `ScheduleNotFoundError` when there is no such schedule.
 */
export async function followSchedule(
  client: Client,
  scheduleId: string,
  options: FollowScheduleOptions,
): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  const seen = new Set(actionIds(await handle.describe()));
  let lastWaitNote = '';
  while (!options.signal.aborted) {
    const description = await handle.describe();
    const direction = directionOf(description);
    const fresh = actionIds(description).filter((id) => !seen.has(id));
    for (const workflowId of fresh) {
      seen.add(workflowId);
      await options.onRun({ workflowId, direction });
    }
    const next = description.info.nextActionTimes[0];
    const note = `${next?.toISOString() ?? ''}/${String(description.state.paused)}`;
    if (fresh.length > 0 || note !== lastWaitNote) {
      lastWaitNote = note;
      options.onWaiting(next, description.state.paused);
    }
    await sleep(options.pollMs ?? 2_000, undefined, { signal: options.signal }).catch(
      () => undefined,
    );
  }
}

/** The workflow ids of the schedule's recent and running actions, oldest first. */
function actionIds(description: ScheduleDescription): string[] {
  const recent = description.info.recentActions.map((result) => result.action);
  const ids = [...recent, ...description.info.runningActions].map(
    (action) => action.workflow.workflowId,
  );
  return [...new Set(ids)];
}

function directionOf(description: ScheduleDescription): SyncDirection {
  const type = description.action.workflowType;
  const entry = Object.entries(syncWorkflowTypes).find(([, name]) => name === type);
  return (entry?.[0] as SyncDirection | undefined) ?? 'both';
}
