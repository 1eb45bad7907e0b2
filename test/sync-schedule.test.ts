import { randomBytes } from 'node:crypto';

import type { WorkflowExecutionInfo } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureSyncSchedule } from '../worker/schedule';
import { auditSync } from './sync-audit';
import { createSyncHarness, seedAgents, type SyncHarness } from './sync-harness';
import { waitFor } from './wait-for';

let harness: SyncHarness;
const scheduleId = `sync-schedule-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  harness = await createSyncHarness();
  await harness.startWorker();
});

afterAll(async () => {
  await harness.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await harness.close();
});

async function scheduledRuns(): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  const query = `TemporalScheduledById = '${scheduleId}'`;
  for await (const run of harness.client.workflow.list({ query })) {
    runs.push(run);
  }
  return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

describe('the sync schedule on the dev server', () => {
  it(
    'starts runs by itself, skips a tick while a run is going, and never runs two at once',
    {
      timeout: 120_000,
    },
    async () => {
      await seedAgents(harness, 40, 'Scheduled');
      // Slow creates, one at a time, make the first run outlast several ticks of a 2 s schedule.
      harness.emulator.control.addLatency({ ms: 150, method: 'POST', path: '/v1/pages' });

      const created = await ensureSyncSchedule(harness.client, {
        scheduleId,
        taskQueue: harness.taskQueue,
        intervalMs: 2_000,
        run: { direction: 'both', retryDelayMs: 100, concurrency: 1 },
      });
      const handle = harness.client.schedule.getHandle(scheduleId);
      const described = await waitFor(
        async () => {
          const description = await handle.describe();
          const isDone = description.info.recentActions.length >= 3;
          return isDone && description.info.numActionsSkippedOverlap > 0 ? description : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      );
      await handle.pause('test done');
      // A restart with another SYNC_INTERVAL leaves the schedule's own interval alone.
      const again = await ensureSyncSchedule(harness.client, {
        scheduleId,
        taskQueue: harness.taskQueue,
        intervalMs: 60_000,
        run: { direction: 'both', retryDelayMs: 100, concurrency: 1 },
      });

      expect(created.isCreated).toBe(true);
      expect(again).toMatchObject({ isCreated: false, intervalMs: 2_000 });
      expect((await handle.describe()).spec.intervals?.[0]?.every).toBe(2_000);
      expect(described.policies.overlap).toBe('SKIP');
      const runs = await waitFor(
        async () => {
          const listed = await scheduledRuns();
          return listed.length >= 3 && listed.every((run) => run.closeTime !== undefined)
            ? listed
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      for (let index = 1; index < runs.length; index += 1) {
        const previous = runs[index - 1];
        const current = runs[index];
        expect(current?.startTime.getTime()).toBeGreaterThanOrEqual(
          previous?.closeTime?.getTime() ?? Number.POSITIVE_INFINITY,
        );
      }
      expect(runs.every((run) => run.status.name === 'COMPLETED')).toBe(true);
      expect(runs[0]?.workflowId).toMatch(/^sync-agents-both-scheduled/);
      expect(await auditSync(harness)).toMatchObject({
        lost: 0,
        duplicated: 0,
        wrong: 0,
        rows: 40,
      });
    },
  );
});
