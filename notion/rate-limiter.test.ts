import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createRateLimiter, getProcessRateLimiter, type RateLimiter } from './rate-limiter';

/** Acquires `count` times and records, per caller, the fake time at which it was let through. */
function acquireMany(limiter: RateLimiter, count: number, signal?: AbortSignal) {
  const times: number[] = [];
  const order: number[] = [];
  const done = Array.from({ length: count }, (_, index) =>
    limiter.acquire(signal).then(() => {
      times[index] = Date.now();
      order.push(index);
    }),
  );
  return { times, order, done: Promise.all(done) };
}

describe('token-bucket rate limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function limiter(ratePerSecond: number, burst?: number): RateLimiter {
    return createRateLimiter({ ratePerSecond, burst, now: () => Date.now() });
  }

  it('lets a burst of the bucket size through at once, then one request per 1/rate', async () => {
    const gate = limiter(3);
    const run = acquireMany(gate, 9);
    await vi.runAllTimersAsync();
    await run.done;
    expect(run.times).toEqual([0, 0, 0, 334, 667, 1000, 1334, 1667, 2000]);
  });

  it('never lets over burst + rate × t requests through in any span of t seconds', async () => {
    const gate = limiter(3);
    const run = acquireMany(gate, 60);
    await vi.runAllTimersAsync();
    await run.done;
    for (let i = 0; i < run.times.length; i += 1) {
      const inOneSecond = run.times.filter((t) => t >= run.times[i]! && t < run.times[i]! + 1000);
      expect(inOneSecond.length).toBeLessThanOrEqual(3 + 3);
    }
    expect(run.times.at(-1)).toBeGreaterThanOrEqual(((60 - 3) * 1000) / 3);
  });

  it('serves waiting callers first come, first served', async () => {
    const gate = limiter(5, 1);
    const run = acquireMany(gate, 12);
    await vi.runAllTimersAsync();
    await run.done;
    expect(run.order).toEqual([...Array(12).keys()]);
  });

  it('holds every caller during a pause and resumes at the steady rate', async () => {
    const gate = limiter(3);
    await gate.acquire();
    gate.pause(2000);
    expect(gate.isPaused).toBe(true);
    const run = acquireMany(gate, 3);
    await vi.runAllTimersAsync();
    await run.done;
    expect(run.times).toEqual([2000, 2334, 2667]);
    expect(gate.isPaused).toBe(false);
  });

  it('extends but never shortens a pause already in force', async () => {
    const gate = limiter(3);
    gate.pause(3000);
    gate.pause(1000);
    const run = acquireMany(gate, 1);
    await vi.runAllTimersAsync();
    await run.done;
    expect(run.times).toEqual([3000]);
  });

  it('rejects an aborted waiter with the signal reason; the next one takes its turn', async () => {
    const gate = limiter(1, 1);
    await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    const next = acquireMany(gate, 1);
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    expect(gate.waiting).toBe(1);
    await vi.runAllTimersAsync();
    await next.done;
    expect(next.times).toEqual([1000]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const gate = limiter(3);
    await expect(gate.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('applies a new rate to the callers already waiting', async () => {
    const gate = limiter(1, 1);
    await gate.acquire();
    const run = acquireMany(gate, 2);
    gate.setRate(10);
    await vi.runAllTimersAsync();
    await run.done;
    expect(run.times).toEqual([100, 200]);
  });

  it('shares one process-wide limiter between callers', () => {
    const first = getProcessRateLimiter(3);
    expect(getProcessRateLimiter(3)).toBe(first);
    expect(getProcessRateLimiter(4).ratePerSecond).toBe(4);
    first.setRate(3);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => limiter(0)).toThrow(RangeError);
  });
});
