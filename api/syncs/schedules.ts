import type { ScheduleDescription } from '@temporalio/client';

import type { AppDeps } from '../app-env';
import { NotFoundError } from '../errors';
import { requireTemporal } from './temporal-access';

/** The id of the sync schedule this API manages (`SYNC_SCHEDULE_ID`, default `sync-agents`). */
export function scheduleIdOf(deps: AppDeps): string {
  return deps.sync?.sync.scheduleId ?? 'sync-agents';
}

function handleOf(deps: AppDeps, id: string) {
  if (id !== scheduleIdOf(deps)) {
    throw new NotFoundError('Schedule', id);
  }
  return requireTemporal(deps).schedule.getHandle(id);
}

function intervalSecondsOf(description: ScheduleDescription): number | null {
  const every = description.spec.intervals?.[0]?.every;
  if (every === undefined) {
    return null;
  }
  return typeof every === 'number' ? every / 1000 : null;
}

function toSchedule(id: string, description: ScheduleDescription) {
  return {
    id,
    isPaused: description.state.paused,
    note: description.state.note ?? null,
    intervalSeconds: intervalSecondsOf(description),
    nextActionTimes: description.info.nextActionTimes.map((time) => time.toISOString()),
    recentActions: description.info.recentActions.map((action) => ({
      scheduledAt: action.scheduledAt.toISOString(),
      workflowId: action.action.workflow.workflowId,
    })),
    numActionsTaken: description.info.numActionsTaken,
  };
}

/** The sync schedule: paused or not, its interval, next and recent runs. */
export async function describeSchedule(deps: AppDeps, id: string) {
  return toSchedule(id, await handleOf(deps, id).describe());
}

/** Pauses or unpauses the schedule, with an optional note for the Web UI. */
export async function setPaused(deps: AppDeps, id: string, isPaused: boolean, note?: string) {
  const handle = handleOf(deps, id);
  await (isPaused ? handle.pause(note) : handle.unpause(note));
  return describeSchedule(deps, id);
}

/** Starts one run now, whatever the interval; overlap is still SKIP. */
export async function triggerSchedule(deps: AppDeps, id: string) {
  await handleOf(deps, id).trigger();
  return { id, status: 'triggered' as const };
}

/** Changes the interval between runs, keeping every other setting. */
export async function setScheduleInterval(deps: AppDeps, id: string, intervalSeconds: number) {
  await handleOf(deps, id).update((previous) => ({
    ...previous,
    spec: { ...previous.spec, intervals: [{ every: intervalSeconds * 1000 }] },
  }));
  return describeSchedule(deps, id);
}
