import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { WorkerProcessSettings } from '../dev/sync-worker-protocol';
import type { SyncResult } from '../sync/run-types';
import { auditSync } from './sync-audit';
import { countRequests, createSyncHarness, seedAgents, type SyncHarness } from './sync-harness';
import { createServerTestDatabase, type ServerTestDatabase } from './test-db';
import { waitFor } from './wait-for';
import { startWorkerChild, workflowBundleFile, type WorkerChild } from './worker-processes';

let harness: SyncHarness;
let database: ServerTestDatabase;
let settings: WorkerProcessSettings;
const children: WorkerChild[] = [];

beforeAll(async () => {
  database = await createServerTestDatabase();
  harness = await createSyncHarness({ database });
  settings = {
    temporalAddress: inject('temporalAddress'),
    taskQueue: harness.taskQueue,
    databaseUrl: database.url,
    notionBaseUrl: harness.emulator.baseUrl,
    notionToken: harness.workspace.token,
    dataSourceId: harness.dataSourceId,
    workflowBundlePath: await workflowBundleFile(),
    // A crashed worker holds its runs' next workflow task this long; the SDK default is 10 s.
    stickyQueueTimeoutMs: 1_000,
  };
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill()));
  await harness.close();
});

async function startChild(): Promise<WorkerChild> {
  const child = await startWorkerChild(settings);
  children.push(child);
  return child;
}

function createCount(): number {
  return countRequests(harness, 'POST', '/v1/pages');
}

/** The identities of the workers that completed an activity of the run. */
async function activityWorkers(handle: WorkflowHandle): Promise<Set<string>> {
  const history = await handle.fetchHistory();
  const identities = (history.events ?? []).map(
    (event) => event.activityTaskStartedEventAttributes?.identity,
  );
  return new Set(identities.filter((identity): identity is string => Boolean(identity)));
}

const crashRun = { direction: 'push', retryDelayMs: 200, heartbeatTimeoutMs: 2_000 } as const;

describe('sync workers in processes of their own', () => {
  it(
    'loses, duplicates and corrupts nothing when the worker is killed mid-batch 10 times',
    {
      timeout: 300_000,
    },
    async () => {
      await seedAgents(harness, 500, 'Crash');
      harness.emulator.control.addLatency({ ms: 10, method: 'POST', path: '/v1/pages' });
      const handle = await harness.startSync(crashRun);

      for (let kill = 0; kill < 10; kill += 1) {
        const child = await startChild();
        // Kill at a different point of a batch of 50 each time: after 7 to 40 more creates.
        const target = createCount() + 7 + ((kill * 11) % 34);
        await waitFor(() => createCount() >= target);
        await child.kill();
      }
      const survivor = await startChild();
      const result = (await handle.result()) as SyncResult;
      await survivor.stop();

      const audit = await auditSync(harness);
      console.log('worker killed 10 times', { result: { ...result, errors: [] }, audit });
      expect(result.failed).toBe(0);
      expect(audit).toMatchObject({ lost: 0, duplicated: 0, wrong: 0, rows: 500, pages: 500 });
      expect(createCount()).toBeGreaterThanOrEqual(500);
    },
  );

  it(
    'shares a run between two workers on one task queue and survives one being killed',
    {
      timeout: 180_000,
    },
    async () => {
      await seedAgents(harness, 500, 'Shared');
      const first = await startChild();
      const second = await startChild();
      const handle = await harness.startSync({ ...crashRun, direction: 'both' });

      await waitFor(async () => (await activityWorkers(handle)).size >= 2, { timeoutMs: 120_000 });
      await first.kill();
      const result = (await handle.result()) as SyncResult;
      await second.stop();

      const audit = await auditSync(harness);
      expect(result.failed).toBe(0);
      expect(audit).toMatchObject({ lost: 0, duplicated: 0, wrong: 0, rows: 1000, pages: 1000 });
    },
  );
});
