import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startNotionEmulator, type NotionEmulator } from '../dev/notion-emulator/server';
import { NotionCredentialsError } from '../notion/errors';
import { startWorker } from '../worker/start-worker';
import { testLogger } from './sync-harness';
import { connectTestClient, type TestClient } from './temporal-env';
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

describe('starting the worker process', () => {
  it('stops at once, naming NOTION_API_KEY, when Notion refuses the token', async () => {
    const workspace = emulator.control.createWorkspace({ name: 'Start test' });
    const { dataSourceId } = emulator.control.createDemoDatabase(workspace.token, {
      title: 'Agents',
      properties: { Name: { title: {} } },
    });
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
});
