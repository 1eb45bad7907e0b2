import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../api/app';
import type { ApiApp } from '../api/app-env';
import { signAccessToken } from '../api/auth/access-tokens';
import type { Role } from '../api/auth/permissions';
import { createUser } from '../api/auth/users';
import { loggerOptions } from '../core/logger';
import type { SyncResult } from '../sync/run-types';
import { loadSyncConfig } from '../worker/config';
import { ensureSyncSchedule } from '../worker/schedule';
import { LogCapture, testConfig } from './api-harness';
import { createSyncHarness, readAllPages, type SyncHarness } from './sync-harness';

let sync: SyncHarness;
let app: ApiApp;
const tokens = new Map<Role, string>();
const scheduleId = `sync-api-test-${randomBytes(4).toString('hex')}`;
let firstRunId = '';

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  role: Role,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(role)}` };
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const res = await app.request(path, { method, headers, body: JSON.stringify(json) });
  return { status: res.status, body: (await res.json()) as T };
}

async function runToEnd(body: Record<string, unknown>) {
  const started = await call<{ workflowId: string; uiUrl: string }>(
    'POST',
    '/syncs',
    'operator',
    body,
  );
  expect(started.status).toBe(202);
  const result = (await sync.client.workflow
    .getHandle(started.body.workflowId)
    .result()) as SyncResult;
  return { ...started.body, result };
}

beforeAll(async () => {
  sync = await createSyncHarness();
  await sync.startWorker();
  const config = testConfig();
  app = createApp({
    db: sync.database,
    config,
    logger: pino(loggerOptions('warn'), new LogCapture()),
    temporal: sync.client,
    sync: { taskQueue: sync.taskQueue, sync: { ...loadSyncConfig({}), scheduleId } },
  });
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const password = randomBytes(12).toString('hex');
    const user = await createUser(sync.database.db, { email: `${role}@sync.test`, password, role });
    tokens.set(role, (await signAccessToken(config, user)).token);
  }
  await ensureSyncSchedule(sync.client, {
    scheduleId,
    taskQueue: sync.taskQueue,
    intervalMs: 3_600_000,
    run: { direction: 'push' },
  });
});

afterAll(async () => {
  await sync.client.schedule.getHandle(scheduleId).delete();
  await sync.close();
});

describe('sync runs', () => {
  it('starts a run with 202, a workflow id and a Web UI link, and shows its result', async () => {
    await call('POST', '/agents', 'operator', { name: 'Synced agent', role: 'sync_test' });
    const run = await runToEnd({ direction: 'push' });
    firstRunId = run.workflowId;
    expect(run.workflowId).toMatch(/^sync-agents-push-/);
    expect(run.uiUrl).toContain(`/workflows/${run.workflowId}`);
    const detail = await call<{ status: string; result: SyncResult; audit: unknown }>(
      'GET',
      `/syncs/${run.workflowId}`,
      'viewer',
    );
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('COMPLETED');
    expect(detail.body.result).toMatchObject({ success: 1, failed: 0 });
    expect(detail.body.audit).not.toBeNull();
  });

  it('lists runs from Temporal visibility, each with its audit row', async () => {
    interface Listed {
      workflowId: string;
      audit: { status: string; success: number } | null;
    }
    let runs: Listed[] = [];
    const isListed = () => runs.some((run) => run.workflowId === firstRunId);
    for (let attempt = 0; attempt < 50 && !isListed(); attempt += 1) {
      runs = (await call<{ runs: Listed[] }>('GET', '/syncs', 'viewer')).body.runs;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Other test files share the dev server, so the list holds their runs too.
    const pushed = runs.find((run) => run.workflowId === firstRunId);
    expect(pushed?.audit).toMatchObject({ status: 'completed', success: 1 });
  });

  it('shows the live progress of a run while it goes on', async () => {
    for (let index = 0; index < 6; index += 1) {
      await call('POST', '/agents', 'operator', { name: `Slow ${index}`, role: 'sync_test' });
    }
    const latency = sync.emulator.control.addLatency({
      ms: 400,
      method: 'POST',
      path: '/v1/pages',
    });
    const started = await call<{ workflowId: string }>('POST', '/syncs', 'operator', {
      direction: 'push',
    });
    interface Live {
      status: string;
      progress: { phase: string; processed: number } | null;
    }
    let live: Live | undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      live = (await call<Live>('GET', `/syncs/${started.body.workflowId}`, 'viewer')).body;
      if (live.status === 'RUNNING' && live.progress?.phase === 'push') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    sync.emulator.control.removeFault(latency);
    await sync.client.workflow.getHandle(started.body.workflowId).result();

    expect(live).toMatchObject({ status: 'RUNNING', progress: { phase: 'push' } });
  });

  it('plans a dry run without writing to Notion and says what it would send', async () => {
    await call('POST', '/agents', 'operator', { name: 'Dry agent', role: 'sync_test' });
    sync.emulator.control.clearRequestLog();

    const run = await runToEnd({ direction: 'push', dryRun: true });

    const writes = sync.emulator.control
      .requestLog()
      .filter((entry) => entry.method !== 'GET' && !entry.path.endsWith('/query'));
    expect(writes).toHaveLength(0);
    expect(run.result).toMatchObject({ isDryRun: true, plannedRequests: 1, kinds: { create: 1 } });
  });

  it('answers 404 for a run that does not exist and 403 when a viewer starts one', async () => {
    const missing = await call('GET', '/syncs/sync-agents-both-nothing-here', 'viewer');
    const denied = await call('POST', '/syncs', 'viewer', { direction: 'push' });
    expect(missing.status).toBe(404);
    expect(denied.status).toBe(403);
  });
});

describe('manual conflicts', () => {
  it('lists the conflict, refuses a bad resolution, resolves it, then refuses again', async () => {
    const created = await call<{ id: string }>('POST', '/agents', 'operator', {
      name: 'Before',
      role: 'conflict_test',
    });
    await runToEnd({ direction: 'both' });
    const page = (await readAllPages(sync)).find((view) => view.localId === created.body.id);
    await call('PATCH', `/agents/${created.body.id}`, 'operator', { name: 'Local name' });
    sync.emulator.control.editPageAsHuman(page?.id ?? '', {
      properties: { Name: { title: [{ text: { content: 'Remote name' } }] } },
    });
    const run = await runToEnd({ direction: 'both', conflictResolution: 'manual' });
    expect(run.result.conflicts).toBeGreaterThan(0);

    const open = await call<{ conflicts: { id: string; localId: string }[] }>(
      'GET',
      '/conflicts?status=open',
      'viewer',
    );
    const conflict = open.body.conflicts.find((item) => item.localId === created.body.id);
    const path = `/conflicts/${conflict?.id}`;
    const detail = await call<{ fields: Record<string, unknown> }>('GET', path, 'viewer');
    expect(detail.body.fields.name).toEqual({
      base: 'Before',
      local: 'Local name',
      remote: 'Remote name',
    });

    const bad = await call('POST', `${path}/resolve`, 'operator', {
      choice: 'merged',
      values: { unknown: 1 },
    });
    const viewer = await call('POST', `${path}/resolve`, 'viewer', { choice: 'remote' });
    const resolved = await call<{ status: string }>('POST', `${path}/resolve`, 'operator', {
      choice: 'remote',
    });
    const again = await call('POST', `${path}/resolve`, 'operator', { choice: 'local' });
    const agent = await call<{ name: string }>('GET', `/agents/${created.body.id}`, 'viewer');

    expect(bad.status).toBe(422);
    expect(viewer.status).toBe(403);
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(again.status).toBe(409);
    expect(agent.body.name).toBe('Remote name');
  });
});

describe('the sync schedule', () => {
  interface Schedule {
    id: string;
    isPaused: boolean;
    intervalSeconds: number;
  }

  it('describes, pauses, unpauses, re-times and triggers the schedule', async () => {
    const listed = await call<{ schedules: Schedule[] }>('GET', '/schedules', 'viewer');
    expect(listed.body.schedules[0]).toMatchObject({ id: scheduleId, isPaused: false });
    const base = `/schedules/${scheduleId}`;
    const paused = await call<Schedule>('POST', `${base}/pause`, 'operator', { note: 'upkeep' });
    const unpaused = await call<Schedule>('POST', `${base}/unpause`, 'operator', {});
    const retimed = await call<Schedule>('PATCH', base, 'admin', { intervalSeconds: 600 });
    const forbidden = await call('PATCH', base, 'operator', { intervalSeconds: 600 });
    const triggered = await call('POST', `${base}/trigger`, 'operator');
    const unknown = await call('POST', '/schedules/other-schedule/trigger', 'operator');
    expect(paused.body.isPaused).toBe(true);
    expect(unpaused.body.isPaused).toBe(false);
    expect(retimed.body.intervalSeconds).toBe(600);
    expect(forbidden.status).toBe(403);
    expect(triggered.status).toBe(202);
    expect(unknown.status).toBe(404);
  });
});

describe('cancelling a run', () => {
  it('asks a waiting run to stop with 202', async () => {
    await sync.stopWorker();
    const started = await call<{ workflowId: string }>('POST', '/syncs', 'operator', {
      direction: 'pull',
    });
    const cancelled = await call('POST', `/syncs/${started.body.workflowId}/cancel`, 'operator');
    const handle = sync.client.workflow.getHandle(started.body.workflowId);
    const history = await handle.fetchHistory();
    await handle.terminate('test over');
    expect(cancelled.status).toBe(202);
    expect(JSON.stringify(history.events)).toContain('workflowExecutionCancelRequested');
  });
});
