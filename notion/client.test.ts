import { createServer } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createNotionIntegration } from './client';
import { NotionConnectionError, NotionCredentialsError, NotionTimeoutError } from './errors';
import {
  silentLogger,
  startIntegrationFixture,
  type IntegrationFixture,
} from './integration-fixture';
import { createRateLimiter } from './rate-limiter';

let fx: IntegrationFixture;

beforeAll(async () => {
  fx = await startIntegrationFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearFaults();
  fx.emulator.control.clearRequestLog();
});

/** A loopback port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('Notion integration client', () => {
  it('validates the token with one users.me call and returns the bot user', async () => {
    const notion = fx.integration();
    const bot = await notion.validateCredentials();
    expect(bot.id).toBe(fx.workspace.botUserId);
    expect(notion.requests).toBe(1);
    expect(fx.emulator.control.routeCounts()).toEqual({ 'GET /v1/users/me': 1 });
  });

  it('fails with a non-retryable NotionCredentialsError naming NOTION_API_KEY', async () => {
    const notion = fx.integration({ apiKey: 'secret_not-a-real-token' });
    const error = await notion.validateCredentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionCredentialsError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', isRetryable: false });
    expect((error as Error).message).toMatch(/NOTION_API_KEY/);
    expect((error as Error).message).not.toMatch(/not-a-real-token/);
  });

  it('fails with a retryable NotionConnectionError when nothing listens there', async () => {
    const notion = createNotionIntegration({
      apiKey: fx.workspace.token,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      logger: silentLogger,
      limiter: createRateLimiter({ ratePerSecond: 50 }),
    });
    const error = await notion.validateCredentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionConnectionError);
    expect(error).toMatchObject({ isRetryable: true, status: undefined });
  });

  it('times out an exchange that never gets a reply: a retryable NotionTimeoutError', async () => {
    fx.emulator.control.hangNext({ path: '/v1/users/me' });
    const notion = fx.integration({ timeoutMs: 300 });
    const started = performance.now();
    const error = await notion.validateCredentials().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionTimeoutError);
    expect(error).toMatchObject({ isRetryable: true, code: 'request_timeout' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('does not count the wait for the limiter against the exchange timeout', async () => {
    const notion = fx.integration({
      timeoutMs: 800,
      limiter: createRateLimiter({ ratePerSecond: 2, burst: 1 }),
    });
    const started = performance.now();
    const bots = await Promise.all([1, 2, 3, 4].map(() => notion.validateCredentials()));
    expect(bots).toHaveLength(4);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('counts every HTTP request it sends, failed ones included', async () => {
    const notion = fx.integration();
    fx.emulator.control.failNext({ status: 500, path: '/v1/users/me' });
    await notion.validateCredentials().catch(() => undefined);
    await notion.validateCredentials();
    await notion.getDataSource(fx.demo.dataSourceId);
    expect(notion.requests).toBe(3);
    expect(fx.emulator.control.requestLog()).toHaveLength(3);
  });

  it('abandons a call waiting for the limiter when its signal aborts, unsent', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1 });
    const notion = fx.integration({ limiter });
    await notion.validateCredentials();
    const controller = new AbortController();
    const waiting = notion.validateCredentials({ signal: controller.signal });
    controller.abort(new Error('activity cancelled'));
    await expect(waiting).rejects.toThrow('activity cancelled');
    expect(notion.requests).toBe(1);
    expect(fx.emulator.control.requestLog()).toHaveLength(1);
  });
});
