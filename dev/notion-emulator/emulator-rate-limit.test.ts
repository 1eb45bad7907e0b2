import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeError, startFixture, type EmulatorFixture } from './emulator-fixture';
import { notionRateLimit } from './rate-limit';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture({ rateLimit: notionRateLimit });
});

afterAll(async () => {
  await fx.emulator.close();
});

async function burst(
  count: number,
): Promise<Array<{ ok: boolean; retryAfter: string | null; code?: string }>> {
  const calls = Array.from({ length: count }, () =>
    fx.notion.users.me({}).then(
      () => ({ ok: true, retryAfter: null }),
      (error: unknown) => {
        const captured = describeError(error);
        return { ok: false, retryAfter: captured.headers.get('retry-after'), code: captured.code };
      },
    ),
  );
  return Promise.all(calls);
}

describe('Notion emulator rate limit', () => {
  it('answers part of a 25-request burst with 429 rate_limited and Retry-After', async () => {
    fx.emulator.control.setRateLimit(notionRateLimit);
    const results = await burst(25);
    const refused = results.filter((result) => !result.ok);
    expect(results.filter((result) => result.ok).length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const result of refused) {
      expect(result.code).toBe('rate_limited');
      expect(Number(result.retryAfter)).toBeGreaterThanOrEqual(1);
    }
  });

  it('never refuses a steady 3 requests per second', async () => {
    fx.emulator.control.setRateLimit(notionRateLimit);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 14; i += 1) {
      const started = performance.now();
      outcomes.push(
        await fx.notion.users.me({}).then(
          () => true,
          () => false,
        ),
      );
      await sleep(Math.max(0, 1000 / 3 - (performance.now() - started)));
    }
    expect(outcomes.every(Boolean)).toBe(true);
  });

  it('lets a burst through when the limit is off', async () => {
    fx.emulator.control.setRateLimit(false);
    const results = await burst(40);
    expect(results.every((result) => result.ok)).toBe(true);
  });
});
