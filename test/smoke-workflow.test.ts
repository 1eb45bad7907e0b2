import { fileURLToPath } from 'node:url';

import { TypedSearchAttributes } from '@temporalio/common';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { syncDirectionKey, syncMappingKey } from '../workflows/search-attributes';
import { createSmokeActivities } from './fixtures/smoke-activities';
import { greetWorkflow } from './fixtures/smoke-workflows';
import {
  bundleOnce,
  connectTestClient,
  connectTestWorkerConnection,
  type TestClient,
  uniqueTaskQueue,
} from './temporal-env';

const workflowsPath = fileURLToPath(new URL('./fixtures/smoke-workflows.ts', import.meta.url));

describe('the Temporal dev server of the test suite', () => {
  let testClient: TestClient;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    testClient = await connectTestClient();
    workerConnection = await connectTestWorkerConnection();
  });

  afterAll(async () => {
    await workerConnection.close();
    await testClient.close();
  });

  it('runs a workflow and its activity end to end on a worker', async () => {
    const taskQueue = uniqueTaskQueue('smoke');
    const greetings: string[] = [];
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: testClient.namespace,
      taskQueue,
      workflowBundle: await bundleOnce(workflowsPath),
      activities: createSmokeActivities(greetings),
    });

    const result = await worker.runUntil(
      testClient.client.workflow.execute(greetWorkflow, {
        taskQueue,
        workflowId: `smoke-${taskQueue}`,
        args: ['Eco-Bot'],
      }),
    );

    expect(result).toBe('Hello, Eco-Bot!');
    expect(greetings).toEqual(['Hello, Eco-Bot!']);
  });

  it('stores typed sync search attributes set at start and upserted by the workflow', async () => {
    const taskQueue = uniqueTaskQueue('smoke-attributes');
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: testClient.namespace,
      taskQueue,
      workflowBundle: await bundleOnce(workflowsPath),
      activities: createSmokeActivities(),
    });
    const handle = await testClient.client.workflow.start(greetWorkflow, {
      taskQueue,
      workflowId: `smoke-attributes-${taskQueue}`,
      args: ['attributes'],
      typedSearchAttributes: new TypedSearchAttributes([{ key: syncMappingKey, value: 'agents' }]),
    });

    await worker.runUntil(handle.result());
    const attributes = (await handle.describe()).typedSearchAttributes;

    expect(attributes.get(syncMappingKey)).toBe('agents');
    expect(attributes.get(syncDirectionKey)).toBe('push');
  });
});
