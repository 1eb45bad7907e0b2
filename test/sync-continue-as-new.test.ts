import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { progressQuery } from '../workflows/definitions';
import type { SyncResult } from '../sync/run-types';
import { loadSyncConfig } from '../worker/config';
import { startSyncWorkflow } from '../worker/start-sync';
import { auditSync } from './sync-audit';
import { createSyncHarness, seedAgents, type SyncHarness } from './sync-harness';

let harness: SyncHarness;

beforeAll(async () => {
  harness = await createSyncHarness();
  await harness.startWorker();
});

afterAll(async () => {
  await harness.close();
});

/** The history of one run of a workflow's continue-as-new chain. */
async function historyOf(workflowId: string, runId: string) {
  const history = await harness.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

describe('long sync runs', () => {
  it('continue as new before the history grows past the limit, losing no batch', async () => {
    await seedAgents(harness, 120, 'Long');
    const settings = { taskQueue: harness.taskQueue, sync: loadSyncConfig({}) };

    const started = await startSyncWorkflow(
      harness.client,
      // Three batches in flight fit the history room the push keeps (half of the 40 events).
      { direction: 'push', batchSize: 10, maxHistoryEvents: 40, parallelBatches: 3 },
      settings,
    );
    const handle = harness.client.workflow.getHandle(started.workflowId);
    const result = (await handle.result()) as SyncResult;

    expect(result).toMatchObject({ success: 120, failed: 0 });
    const progress = await handle.query(progressQuery);
    expect(progress.continuations).toBeGreaterThan(0);
    expect(progress.batches).toBeGreaterThanOrEqual(12);
    const firstRun = await historyOf(started.workflowId, started.runId);
    expect(firstRun.length).toBeLessThanOrEqual(60);
    expect(firstRun.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(await auditSync(harness)).toMatchObject({
      lost: 0,
      duplicated: 0,
      wrong: 0,
      pages: 120,
    });
  });
});
