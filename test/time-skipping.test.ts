import { fileURLToPath } from 'node:url';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSmokeActivities } from './fixtures/smoke-activities';
import { sleepWorkflow } from './fixtures/smoke-workflows';
import { bundleOnce, createTimeSkippingEnv, uniqueTaskQueue } from './temporal-env';

const workflowsPath = fileURLToPath(new URL('./fixtures/smoke-workflows.ts', import.meta.url));

describe('the time-skipping test server resolved through Maven', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env.teardown();
  });

  it('completes a workflow that sleeps one hour in under a minute of wall time', async () => {
    const taskQueue = uniqueTaskQueue('time-skipping');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleOnce(workflowsPath),
      activities: createSmokeActivities(),
    });

    const wallStarted = Date.now();
    const workflowElapsedMs = await worker.runUntil(
      env.client.workflow.execute(sleepWorkflow, {
        taskQueue,
        workflowId: `sleep-${taskQueue}`,
        args: ['1 hour'],
      }),
    );
    const wallElapsedMs = Date.now() - wallStarted;

    expect(workflowElapsedMs).toBeGreaterThanOrEqual(3_600_000);
    expect(wallElapsedMs).toBeLessThan(60_000);
  });
});
