import { isNotionClientError, RequestTimeoutError } from '@notionhq/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { NotionErrorCode } from './error-codes';
import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterEach(() => {
  fx.emulator.control.clearFaults();
});

afterAll(async () => {
  await fx.emulator.close();
});

const injected: Array<[NotionErrorCode, number]> = [
  ['restricted_resource', 403],
  ['conflict_error', 409],
  ['rate_limited', 429],
  ['internal_server_error', 500],
  ['service_unavailable', 503],
  ['database_connection_unavailable', 503],
  ['gateway_timeout', 504],
  ['service_overload', 529],
];

describe('Notion emulator error bodies', () => {
  it.each(injected)(
    'answers an injected %s with status %i and Notion’s error body',
    async (code, status) => {
      fx.emulator.control.failNext({ status, code });
      const error = await captureError(fx.notion.users.me({}));
      expect(error.status).toBe(status);
      expect(Object.keys(error.body).sort()).toEqual([
        'code',
        'message',
        'object',
        'request_id',
        'status',
      ]);
      expect(error.body).toMatchObject({
        object: 'error',
        status,
        code,
        request_id: error.headers.get('x-notion-request-id'),
      });
      expect(error.message.length).toBeGreaterThan(0);
    },
  );

  it('sends Retry-After with injected 429 and 529 answers', async () => {
    fx.emulator.control.failNext({ status: 529 });
    const error = await captureError(fx.notion.users.me({}));
    expect(error.code).toBe('service_overload');
    expect(error.headers.get('retry-after')).toBe('1');
  });

  it('answers a real validation failure with the validation_error body', async () => {
    const error = await captureError(
      fx.notion.pages.create({
        parent: { data_source_id: fx.demo.dataSourceId },
        properties: { Version: { number: 'x' as never } },
      }),
    );
    expect(error.body).toMatchObject({ object: 'error', status: 400, code: 'validation_error' });
  });
});

describe('Notion emulator fault injection', () => {
  it('fails only the next N requests that match method and path', async () => {
    fx.emulator.control.failNext({ status: 500, count: 2, method: 'POST', path: '/v1/search' });
    await expect(fx.notion.users.me({})).resolves.toMatchObject({ object: 'user' });
    expect((await captureError(fx.notion.search({}))).status).toBe(500);
    expect((await captureError(fx.notion.search({}))).status).toBe(500);
    await expect(fx.notion.search({})).resolves.toMatchObject({ object: 'list' });
  });

  it('fails a seeded share of requests the same way on every run', async () => {
    async function pattern(): Promise<boolean[]> {
      const id = fx.emulator.control.failShare({
        probability: 0.3,
        statuses: [500, 503],
        seed: 42,
      });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i += 1) {
        outcomes.push(
          await fx.notion.users.me({}).then(
            () => true,
            () => false,
          ),
        );
      }
      fx.emulator.control.removeFault(id);
      return outcomes;
    }
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
  });

  it('adds latency to matching requests', async () => {
    fx.emulator.control.addLatency({ ms: 250, count: 1 });
    const started = performance.now();
    await fx.notion.users.me({});
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('hangs a request until the client times out', async () => {
    fx.emulator.control.hangNext({ path: '/v1/users/me' });
    const error: unknown = await fx
      .client({ timeoutMs: 300 })
      .users.me({})
      .catch((e: unknown) => e);
    expect(RequestTimeoutError.isRequestTimeoutError(error)).toBe(true);
    expect(fx.emulator.control.requestLog().at(-1)).toMatchObject({ outcome: 'hung' });
  });

  it('applies a write whose reply is dropped, so a re-read shows it', async () => {
    const page = await fx.notion.pages.create({
      parent: { data_source_id: fx.demo.dataSourceId },
      properties: { Name: { title: text('Dropped') } },
    });
    fx.emulator.control.dropReplyNext({ method: 'PATCH' });
    const error: unknown = await fx.notion.pages
      .update({ page_id: page.id, properties: { Version: { number: 99 } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isNotionClientError(error)).toBe(false);
    const read = await fx.notion.pages.retrieve({ page_id: page.id });
    expect(read).toMatchObject({ properties: { Version: { number: 99 } } });
  });

  it('creates the page of a create whose reply is dropped', async () => {
    fx.emulator.control.dropReplyNext({ method: 'POST', path: '/v1/pages' });
    const create = fx.notion.pages.create({
      parent: { data_source_id: fx.demo.dataSourceId },
      properties: { 'Local ID': { rich_text: text('lost-reply-1') } },
    });
    await expect(create).rejects.toThrow();
    const found = await fx.notion.dataSources.query({
      data_source_id: fx.demo.dataSourceId,
      filter: { property: 'Local ID', rich_text: { equals: 'lost-reply-1' } },
    });
    expect(found.results).toHaveLength(1);
  });
  it('answers 504 after applying a write when the failure is applied first', async () => {
    fx.emulator.control.failNext({
      status: 504,
      method: 'POST',
      path: '/v1/pages',
      isAppliedFirst: true,
    });
    const error = await captureError(
      fx.notion.pages.create({
        parent: { data_source_id: fx.demo.dataSourceId },
        properties: { 'Local ID': { rich_text: text('timed-out-1') } },
      }),
    );
    expect(error.code).toBe('gateway_timeout');
    const found = await fx.notion.dataSources.query({
      data_source_id: fx.demo.dataSourceId,
      filter: { property: 'Local ID', rich_text: { equals: 'timed-out-1' } },
    });
    expect(found.results).toHaveLength(1);
  });
});

describe('Notion emulator request log', () => {
  it('records each request and counts them per route', async () => {
    fx.emulator.control.clearRequestLog();
    await fx.notion.users.me({});
    await fx.notion.dataSources.query({ data_source_id: fx.demo.dataSourceId });
    await fx.notion.dataSources.query({ data_source_id: fx.demo.dataSourceId });
    expect(fx.emulator.control.routeCounts()).toEqual({
      'GET /v1/users/me': 1,
      'POST /v1/data_sources/:data_source_id/query': 2,
    });
    expect(fx.emulator.control.requestLog()[0]).toMatchObject({
      method: 'GET',
      path: '/v1/users/me',
      status: 200,
      outcome: 'answered',
    });
  });

  it('forgets workspaces and tokens on reset', async () => {
    const scratch = await startFixture();
    scratch.emulator.control.reset();
    const error = await captureError(scratch.notion.users.me({}));
    expect(error.code).toBe('unauthorized');
    await scratch.emulator.close();
  });
});
