import { describe, expect, it } from 'vitest';

import { notionRateLimit, RateLimiter } from './rate-limit';

function limiterAt(start = 0) {
  const time = { ms: start };
  return { time, limiter: new RateLimiter(notionRateLimit, () => time.ms) };
}

describe('RateLimiter', () => {
  it('lets a burst of 10 through and refuses the 11th with Retry-After of 1 second', () => {
    const { limiter } = limiterAt();
    const decisions = Array.from({ length: 11 }, () => limiter.take('token'));
    expect(decisions.slice(0, 10).every((decision) => decision.isAllowed)).toBe(true);
    expect(decisions[10]).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
  });

  it('never refuses a steady 3 requests per second for ten minutes', () => {
    const { time, limiter } = limiterAt();
    for (let i = 0; i < 1_800; i += 1) {
      time.ms = (i * 1000) / 3;
      expect(limiter.take('token').isAllowed).toBe(true);
    }
  });

  it('refuses a steady 4 requests per second once the burst is spent', () => {
    const { time, limiter } = limiterAt();
    const refused = Array.from({ length: 200 }, (_, i) => {
      time.ms = i * 250;
      return limiter.take('token').isAllowed ? 0 : 1;
    }).reduce<number>((sum, value) => sum + value, 0);
    expect(refused).toBeGreaterThan(30);
  });

  it('keeps one bucket per token', () => {
    const { limiter } = limiterAt();
    Array.from({ length: 10 }, () => limiter.take('a'));
    expect(limiter.take('a').isAllowed).toBe(false);
    expect(limiter.take('b').isAllowed).toBe(true);
  });

  it('allows everything when turned off', () => {
    const { limiter } = limiterAt();
    limiter.configure(false);
    expect(Array.from({ length: 100 }, () => limiter.take('a').isAllowed).every(Boolean)).toBe(
      true,
    );
  });
});
