import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';

import { startStackTemporal, type RunningTemporal } from '../dev/stack-temporal';
import { stablePort } from '../dev/stack-ports';
import type { SyncResult } from '../sync/run-types';
import { auditSync } from './sync-audit';
import {
  countRequests,
  createSyncHarness,
  seedAgents,
  testLogger,
  type HarnessOptions,
  type SyncHarness,
} from './sync-harness';
import { waitFor } from './wait-for';
import { createPrivateTestDatabase } from './test-db';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** Waits for the run's result, riding out a client connection that drops with the server. */
async function resultOf(handle: WorkflowHandle, timeoutMs = 150_000): Promise<SyncResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await handle.result()) as SyncResult;
    } catch (error) {
      if (
        Date.now() > deadline ||
        (error instanceof Error && error.name === 'WorkflowFailedError')
      ) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

// Four batches of 50 in flight at most: 200 of the 300 rows, so an outage always finds rows that
// wait for a batch to start.
const run = {
  direction: 'push',
  retryDelayMs: 1_000,
  heartbeatTimeoutMs: 5_000,
  parallelBatches: 4,
} as const;

/** A harness with a worker, 300 agents to push at 20 ms a create, and that push 80 creates in. */
async function startSlowRun(options: HarnessOptions) {
  const harness = await createSyncHarness(options);
  cleanups.push(() => harness.close());
  await harness.startWorker();
  await seedAgents(harness, 300, 'Restart');
  harness.emulator.control.addLatency({ ms: 20, method: 'POST', path: '/v1/pages' });
  const handle = await harness.startSync(run);
  await waitFor(() => countRequests(harness, 'POST', '/v1/pages') >= 80);
  return { harness, handle };
}

async function expectNothingLost(harness: SyncHarness, handle: WorkflowHandle, label: string) {
  const result = await resultOf(handle);
  const audit = await auditSync(harness);
  console.log(label, { result: { ...result, errors: [] }, audit });
  expect(result.failed).toBe(0);
  expect(audit).toMatchObject({ lost: 0, duplicated: 0, wrong: 0, rows: 300, pages: 300 });
}

describe('sync runs across server restarts', () => {
  it(
    'loses, duplicates and corrupts nothing when PostgreSQL restarts during a run',
    {
      timeout: 240_000,
    },
    async () => {
      const database = await createPrivateTestDatabase();
      const { harness, handle } = await startSlowRun({ database });
      await database.server?.restart(3_000);

      await expectNothingLost(harness, handle, 'PostgreSQL restarted');
    },
  );

  it(
    'loses, duplicates and corrupts nothing when the Temporal server restarts during a run',
    {
      timeout: 240_000,
    },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'eco-temporal-'));
      const settings = {
        // Restarted on the same ports: outside the range outgoing connections take theirs from.
        port: await stablePort(),
        uiPort: await stablePort(),
        dataDir,
        namespace: 'default',
        logger: testLogger,
        env: process.env,
      };
      let temporal: RunningTemporal = await startStackTemporal(settings);
      cleanups.push(async () => {
        await temporal.stop();
        await rm(dataDir, { recursive: true, force: true });
      });
      const { harness, handle } = await startSlowRun({ temporalAddress: temporal.address });
      await temporal.stop();
      const createsWhileDown = countRequests(harness, 'POST', '/v1/pages');
      temporal = await startStackTemporal(settings);

      expect(createsWhileDown).toBeLessThan(300);
      await expectNothingLost(harness, handle, 'Temporal restarted');
    },
  );
});
