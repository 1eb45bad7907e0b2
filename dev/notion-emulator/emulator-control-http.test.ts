import { Client, LogLevel } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startNotionEmulator, type NotionEmulator } from './server';

let emulator: NotionEmulator;

beforeAll(async () => {
  emulator = await startNotionEmulator({ rateLimit: false });
});

afterAll(async () => {
  await emulator.close();
});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.controlUrl}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

interface Workspace {
  token: string;
  parentPageId: string;
  botUserId: string;
}

function client(token: string): Client {
  return new Client({
    auth: token,
    baseUrl: emulator.baseUrl,
    retry: false,
    logLevel: LogLevel.ERROR,
    logger: () => undefined,
  });
}

describe('Notion emulator control surface over HTTP', () => {
  it('creates a workspace whose token works on the Notion API', async () => {
    const workspace = await control<Workspace>('POST', '/workspaces', { name: 'Http' });
    const me = await client(workspace.token).users.me({});
    expect(me.id).toBe(workspace.botUserId);
  });

  it('creates a demo database and edits a page as a person', async () => {
    const workspace = await control<Workspace>('POST', '/workspaces', {});
    const demo = await control<{ dataSourceId: string }>('POST', '/demo-database', {
      token: workspace.token,
    });
    const notion = client(workspace.token);
    const page = await notion.pages.create({
      parent: { data_source_id: demo.dataSourceId },
      properties: { Name: { title: [{ text: { content: 'Edited by hand' } }] } },
    });
    await control('POST', `/pages/${page.id}/human-edit`, {
      properties: { Version: { number: 3 } },
    });
    const read = await notion.pages.retrieve({ page_id: page.id });
    expect(read).toMatchObject({ properties: { Version: { number: 3 } } });
    expect(read).not.toMatchObject({ last_edited_by: { id: workspace.botUserId } });
  });

  it('sets and advances the clock', async () => {
    await control('POST', '/clock', { set: '2025-01-01T00:00:00.000Z' });
    const moved = await control<{ now: string }>('POST', '/clock', { advanceMs: 90_000 });
    expect(moved.now).toBe('2025-01-01T00:01:30.000Z');
  });

  it('injects a failure, reports it in the log and counts, and clears faults', async () => {
    const workspace = await control<Workspace>('POST', '/workspaces', {});
    await control('DELETE', '/requests');
    await control('POST', '/faults', { type: 'fail_next', status: 503, path: '/v1/users' });
    const failed = await client(workspace.token)
      .users.me({})
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ status: 503, code: 'service_unavailable' });
    const counts = await control<{
      routes: Record<string, number>;
      statuses: Record<string, number>;
    }>('GET', '/counts');
    expect(counts).toEqual({ routes: { 'GET /v1/users/me': 1 }, statuses: { '503': 1 } });
    const log = await control<{ entries: Array<{ faultIds: string[] }> }>('GET', '/requests');
    expect(log.entries[0]?.faultIds).toHaveLength(1);
    await control('DELETE', '/faults');
  });

  it('sets the rate limit and turns it off', async () => {
    const set = await control<{ rateLimit: unknown }>('PUT', '/rate-limit', {
      perSecond: 5,
      burst: 2,
    });
    expect(set.rateLimit).toEqual({ perSecond: 5, burst: 2 });
    const off = await control<{ rateLimit: unknown }>('PUT', '/rate-limit', { enabled: false });
    expect(off.rateLimit).toBe(false);
  });

  it('answers an unknown control route with 404', async () => {
    const response = await fetch(`${emulator.controlUrl}/nope`);
    expect(response.status).toBe(404);
  });
});
