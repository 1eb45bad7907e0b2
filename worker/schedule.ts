import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';

import type { SyncRunOptions } from '../sync/run-types';
import { syncWorkflowId } from '../sync/workflow-ids';
import { syncWorkflowTypes } from '../workflows/definitions';
import { syncDirectionKey, syncMappingKey } from '../workflows/search-attributes';

/** Options of `ensureSyncSchedule`. */
export interface SyncScheduleOptions {
  /** Default `sync-agents`. */
  scheduleId?: string;
  taskQueue: string;
  /** Milliseconds between runs (`SYNC_INTERVAL`). */
  intervalMs: number;
  /**
   * How late a missed run may still start, in ms. Default one minute: after an outage the
   * schedule runs once instead of replaying every missed interval.
   */
  catchupWindowMs?: number;
  /** The run each tick starts; `direction` picks the workflow. */
  run: SyncRunOptions;
}

/** What `ensureSyncSchedule` found or did. */
export interface EnsuredSchedule {
  scheduleId: string;
  isCreated: boolean;
  /** The interval the schedule runs at, in ms: `intervalMs` when created, else its own. */
  intervalMs: number | undefined;
}

/**
 * Creates the periodic sync schedule, or brings an existing one's action and policies in line
 * with `options`; safe to call at every start-up. An existing schedule keeps its interval: once
 * created, the interval is the schedule's own, changed through `PATCH /schedules/:id`, and a
 * restart must not undo that. Overlap is SKIP: a tick while a run is still going starts nothing.
 */
export async function ensureSyncSchedule(
  client: Client,
  options: SyncScheduleOptions,
): Promise<EnsuredSchedule> {
  const scheduleId = options.scheduleId ?? 'sync-agents';
  const spec: ScheduleSpec = { intervals: [{ every: options.intervalMs }] };
  const action = actionOf(options);
  const policies = {
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: options.catchupWindowMs ?? 60_000,
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return { scheduleId, isCreated: true, intervalMs: options.intervalMs };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) {
      throw error;
    }
  }
  let intervalMs: number | undefined;
  await client.schedule.getHandle(scheduleId).update((previous) => {
    const every = previous.spec.intervals?.[0]?.every;
    intervalMs = typeof every === 'number' ? every : undefined;
    return { ...previous, action, policies: { ...previous.policies, ...policies } };
  });
  return { scheduleId, isCreated: false, intervalMs };
}

function actionOf(options: SyncScheduleOptions): ScheduleOptionsStartWorkflowAction<never> {
  const { run } = options;
  const mapping = run.mapping ?? 'agents';
  return {
    type: 'startWorkflow',
    workflowType: syncWorkflowTypes[run.direction],
    workflowId: syncWorkflowId(mapping, run.direction, 'scheduled'),
    taskQueue: options.taskQueue,
    args: [run] as never,
    typedSearchAttributes: [
      { key: syncMappingKey, value: mapping },
      { key: syncDirectionKey, value: run.direction },
    ],
    staticSummary: `Scheduled ${run.direction} sync of ${mapping}`,
  };
}
