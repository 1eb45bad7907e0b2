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

/**
 * Creates the periodic sync schedule, or brings an existing one in line with `options`; safe to
 * call at every start-up. Overlap is SKIP: a tick while a run is still going starts nothing.
 */
export async function ensureSyncSchedule(
  client: Client,
  options: SyncScheduleOptions,
): Promise<{ scheduleId: string; isCreated: boolean }> {
  const scheduleId = options.scheduleId ?? 'sync-agents';
  const spec: ScheduleSpec = { intervals: [{ every: options.intervalMs }] };
  const action = actionOf(options);
  const policies = {
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: options.catchupWindowMs ?? 60_000,
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return { scheduleId, isCreated: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) {
      throw error;
    }
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({
    ...previous,
    spec,
    action,
    policies: { ...previous.policies, ...policies },
  }));
  return { scheduleId, isCreated: false };
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
