import { Client, LogLevel } from '@notionhq/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { notionRateLimit } from '../dev/notion-emulator/rate-limit';
import { NotionRateLimitedError } from './errors';
import { startIntegrationFixture, type IntegrationFixture } from './integration-fixture';
import { createRateLimiter } from './rate-limiter';

let fx: IntegrationFixture;

beforeAll(async () => {
  fx = await startIntegrationFixture({ emulatorRateLimit: notionRateLimit });
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  // Configuring the limit again refills the emulator's bucket, so each test starts rested.
  fx.emulator.control.setRateLimit(notionRateLimit);
  fx.emulator.control.clearFaults();
  fx.emulator.control.clearRequestLog();
});

function count429s(): number {
  return fx.emulator.control.statusCounts()['429'] ?? 0;
}

describe('rate limiting against the emulator', () => {
  it('gets 429s for a 25-request burst without the limiter and none with it', async () => {
    const bare = new Client({
      auth: fx.workspace.token,
      baseUrl: fx.emulator.baseUrl,
      retry: false,
      logLevel: LogLevel.ERROR,
      logger: () => undefined,
    });
    const bareResults = await Promise.allSettled(
      Array.from({ length: 25 }, () => bare.users.me({})),
    );
    expect(bareResults.filter((result) => result.status === 'rejected').length).toBeGreaterThan(0);
    expect(count429s()).toBeGreaterThan(0);

    fx.emulator.control.setRateLimit(notionRateLimit);
    fx.emulator.control.clearRequestLog();
    const notion = fx.integration({ limiter: undefined, rateLimit: 3 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 25 }, () => notion.validateCredentials()));
    expect(count429s()).toBe(0);
    expect(notion.rateLimitedResponses).toBe(0);
    expect(notion.requests).toBe(25);
    // 3 at once, then 22 more at 3 per second.
    expect(performance.now() - started).toBeGreaterThan((22 / 3) * 1000 - 100);
  }, 30_000);

  it.each([429, 529])('pauses every caller for the Retry-After of a %i', async (status) => {
    const notion = fx.integration({ limiter: createRateLimiter({ ratePerSecond: 50 }) });
    fx.emulator.control.failNext({ status, path: '/v1/users/me' });
    const refused = await notion.validateCredentials().catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(NotionRateLimitedError);
    expect(notion.limiter.isPaused).toBe(true);

    await Promise.all([
      notion.validateCredentials(),
      notion.getDataSource(fx.demo.dataSourceId),
      notion.validateCredentials(),
    ]);
    const [first, ...later] = fx.emulator.control.requestLog();
    const refusedAt = Date.parse(first!.receivedAt);
    for (const entry of later) {
      expect(Date.parse(entry.receivedAt) - refusedAt).toBeGreaterThanOrEqual(950);
    }
    expect(later).toHaveLength(3);
  });
});
