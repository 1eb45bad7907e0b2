import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client as NotionClient, LogLevel } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from './test-db';
import {
  freePort,
  killLeftoverServer,
  startStackProcess,
  type StackProcess,
} from './stack-process';
import { launchHeadless, workflowListUrl, workflowRunUrl } from './temporal-web-ui';

// `npm start` as a newcomer runs it: one child process in a temporary data directory, on free
// ports so that it never meets the suite's own Temporal server. With DATABASE_URL set it gets a
// fresh database on that server, otherwise PGlite in the data directory.
let dataDir: string;
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let stack: StackProcess | undefined;
let token: string;
let run: { workflowId: string; runId: string };
const createdNames = ['E2E Soil Scientist', 'E2E Ocean Watcher'];

async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${stack?.banner.api}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const body = (await response.json()) as T;
  expect(response.status, `${path}: ${JSON.stringify(body)}`).toBeLessThan(300);
  return body;
}

async function logIn(): Promise<void> {
  const { adminEmail: email, adminPassword: password } = stack?.banner ?? {};
  token = (
    await api<{ accessToken: string }>('/auth/login', { method: 'POST', json: { email, password } })
  ).accessToken;
}

async function waitForRun(workflowId: string): Promise<{ status: string; result: unknown }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const detail = await api<{ status: string; result: unknown }>(`/syncs/${workflowId}`);
    if (detail.status !== 'RUNNING' || Date.now() > deadline) {
      return detail;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function emulatorTitles(): Promise<string[]> {
  const demo = JSON.parse(await readFile(join(dataDir, 'notion-demo.json'), 'utf8')) as {
    token: string;
    dataSourceId: string;
  };
  const notion = new NotionClient({
    auth: demo.token,
    baseUrl: stack?.banner.emulator,
    logLevel: LogLevel.ERROR,
    logger: () => undefined,
  });
  const response = await notion.dataSources.query({ data_source_id: demo.dataSourceId });
  return response.results.flatMap((page) => {
    const name = 'properties' in page ? page.properties.Name : undefined;
    return name?.type === 'title' ? [name.title.map((part) => part.plain_text).join('')] : [];
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function withoutVariables(source: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !names.includes(name)));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'eco-stack-'));
  database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  env = {
    ...withoutVariables(process.env, ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'NOTION_API_KEY']),
    ...(database?.url === undefined ? {} : { DATABASE_URL: database.url }),
    ECO_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    NOTION_EMULATOR_PORT: String(await freePort()),
  };
  stack = await startStackProcess(env);
});

afterAll(async () => {
  await stack?.stop('SIGKILL');
  await killLeftoverServer(dataDir);
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the API, its docs, the Temporal Web UI and the emulator where it says', async () => {
    const { banner } = stack as StackProcess;
    const health = await fetch(`${banner.api}/health`);
    expect(health.status).toBe(200);
    expect((await fetch(banner.docs)).status).toBe(200);
    expect((await fetch(banner.temporalUi)).status).toBe(200);
    expect((await fetch(`${banner.emulator}/__emulator/clock`)).status).toBe(200);
  });

  it('syncs agents created through the API into the emulator and completes the run', async () => {
    await logIn();
    for (const name of createdNames) {
      await api('/agents', { method: 'POST', json: { name, role: 'soil_expert' } });
    }
    run = await api('/syncs', { method: 'POST', json: { direction: 'both' } });
    const detail = await waitForRun(run.workflowId);

    expect(detail.status).toBe('COMPLETED');
    expect(detail.result).toMatchObject({ failed: 0 });
    const titles = await emulatorTitles();
    expect(titles).toEqual(expect.arrayContaining([...createdNames, 'Compost Coach']));
    expect(titles).toHaveLength(14);
  });

  it('lists the sync run in the Temporal Web UI it serves', async () => {
    const browser = await launchHeadless();
    try {
      await browser.page.goto(workflowListUrl(stack?.banner.temporalUi ?? ''));
      await browser.page.getByText(run.workflowId).first().waitFor({ timeout: 30_000 });
      if (process.env.ECO_SCREENSHOT === '1') {
        const url = workflowRunUrl(stack?.banner.temporalUi ?? '', run.workflowId, run.runId);
        await browser.page.goto(url);
        await browser.page.getByText('Completed').first().waitFor({ timeout: 30_000 });
        await browser.page.screenshot({ path: 'docs/images/temporal-ui-sync.png' });
      }
    } finally {
      await browser.close();
    }
  });

  it('stops on SIGINT and, started again on the same data, still has runs and data', async () => {
    const temporalPid = Number(await readFile(join(dataDir, 'temporal.pid'), 'utf8'));
    // npm re-raises the Ctrl-C it saw once its script has ended, as shells expect.
    expect([0, 'SIGINT']).toContain(await stack?.stop('SIGINT'));
    expect(stack?.output()).toContain('Stack stopped');
    expect(isAlive(temporalPid)).toBe(false);
    stack = await startStackProcess(env);

    await logIn();
    const detail = await waitForRun(run.workflowId);
    expect(detail.status).toBe('COMPLETED');
    const page = await api<{ agents: { name: string }[] }>('/agents?limit=100');
    const names = page.agents.map((agent) => agent.name);
    expect(names).toEqual(expect.arrayContaining(createdNames));
    expect(names).toHaveLength(14);
    expect(await emulatorTitles()).toHaveLength(14);
  });
});
