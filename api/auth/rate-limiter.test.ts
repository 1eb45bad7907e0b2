import { describe, expect, it } from 'vitest';

import { SlidingWindowRateLimiter } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  it('allows up to the limit within the window and refuses the next attempt', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 3, windowMs: 60_000 });
    const verdicts = [0, 1, 2, 3].map((second) => limiter.hit('a', second * 1000).isAllowed);
    expect(verdicts).toEqual([true, true, true, false]);
  });

  it('says how long until the oldest attempt leaves the window', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 60_000 });
    limiter.hit('a', 0);
    expect(limiter.hit('a', 20_000)).toEqual({ isAllowed: false, retryAfterSeconds: 40 });
  });

  it('allows again once attempts slide out of the window', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000 });
    limiter.hit('a', 0);
    expect(limiter.hit('a', 1_001).isAllowed).toBe(true);
  });

  it('counts keys apart and forgets the oldest keys past maxKeys', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.hit('a', 0);
    limiter.hit('b', 0);
    limiter.hit('c', 0);
    expect(limiter.hit('b', 1).isAllowed).toBe(false);
    expect(limiter.hit('a', 1).isAllowed).toBe(true);
  });
});
