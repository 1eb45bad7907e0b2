import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { agents } from '../db/schema';

import { startNotionEmulator, type NotionEmulator } from '../dev/notion-emulator/server';
import { NotionCredentialsError } from '../notion/errors';
import { loadSyncConfig } from '../worker/config';
import { startSyncWorkflow } from '../worker/start-sync';
import { startWorker } from '../worker/start-worker';
import { prebuiltWorkflowBundle, writeWorkflowBundle } from '../worker/workflow-bundle';
import { testLogger } from './sync-harness';
import { connectTestClient, uniqueTaskQueue, type TestClient } from './temporal-env';
import { createTestDatabase, type TestDatabase } from './test-db';

let emulator: NotionEmulator;
let temporal: TestClient;
let database: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  emulator = await startNotionEmulator({ rateLimit: false });
  temporal = await connectTestClient();
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'eco-worker-'));
});

afterAll(async () => {
  await temporal.close();
  await emulator.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A workspace of its own with an agents data source holding only the title property. */
function agentsDataSource(name: string): { token: string; dataSourceId: string } {
  const workspace = emulator.control.createWorkspace({ name });
  const { dataSourceId } = emulator.control.createDemoDatabase(workspace.token, {
    title: 'Agents',
    properties: { Name: { title: {} } },
  });
  return { token: workspace.token, dataSourceId };
}

describe('starting the worker process', () => {
  it('stops at once, naming NOTION_API_KEY, when Notion refuses the token', async () => {
    const { dataSourceId } = agentsDataSource('Start test');
    const env = {
      NOTION_API_KEY: 'secret_not-a-token-notion-knows',
      NOTION_BASE_URL: emulator.baseUrl,
      NOTION_DATA_SOURCE_ID: dataSourceId,
      TEMPORAL_ADDRESS: 'unused:7233',
      SYNC_SCHEDULE_ENABLED: 'false',
    };

    const failure: unknown = await startWorker({
      client: temporal.client,
      database,
      env,
      logger: testLogger,
      dataDir,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotionCredentialsError);
    expect((failure as Error).message).toContain('NOTION_API_KEY');
    expect((failure as Error).message).not.toContain('not-a-token');
  });

  it('runs a sync from a prebuilt workflow bundle named by TEMPORAL_WORKFLOW_BUNDLE', async () => {
    const { token, dataSourceId } = agentsDataSource('Bundle test');
    const env = {
      NOTION_API_KEY: token,
      NOTION_BASE_URL: emulator.baseUrl,
      NOTION_DATA_SOURCE_ID: dataSourceId,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('bundle'),
      TEMPORAL_WORKFLOW_BUNDLE: await writeWorkflowBundle(join(dataDir, 'workflows.js')),
      SYNC_SCHEDULE_ENABLED: 'false',
    };
    await database.db.insert(agents).values({ name: 'Bundled', role: 'recycling_expert' });

    const worker = await startWorker({
      client: temporal.client,
      database,
      env,
      logger: testLogger,
      dataDir,
    });
    const started = await startSyncWorkflow(
      temporal.client,
      { direction: 'push' },
      { taskQueue: env.TEMPORAL_TASK_QUEUE, sync: loadSyncConfig({}) },
    );
    const result: unknown = await temporal.client.workflow.getHandle(started.workflowId).result();
    await worker.close();

    expect(result).toMatchObject({ success: 1, failed: 0 });
  });

  it('names TEMPORAL_WORKFLOW_BUNDLE when it points at no file', () => {
    expect(() =>
      prebuiltWorkflowBundle({ TEMPORAL_WORKFLOW_BUNDLE: join(dataDir, 'none.js') }),
    ).toThrow(/TEMPORAL_WORKFLOW_BUNDLE/);
  });
});
