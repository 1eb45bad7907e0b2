import { performance } from 'node:perf_hooks';

/** Options of a token-bucket limiter. */
export interface RateLimiterOptions {
  /** Requests per second sustained at most. Must be positive. */
  ratePerSecond: number;
  /** Requests that may leave back to back after a quiet spell. Default: the rate, at least 1. */
  burst?: number;
  /** Milliseconds on a monotonic clock. Default `performance.now`. */
  now?: () => number;
}

/** A fair (first come, first served) gate that every Notion request passes before it is sent. */
export interface RateLimiter {
  /** Resolves when the caller may send one request; rejects with `signal.reason` on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every caller, waiting or new, for `ms` milliseconds (a 429's Retry-After). */
  pause(ms: number): void;
  /** Changes the sustained rate for every caller from now on. */
  setRate(ratePerSecond: number): void;
  readonly ratePerSecond: number;
  /** Callers currently waiting. */
  readonly waiting: number;
  /** Whether a pause is in force. */
  readonly isPaused: boolean;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Fractions of a token lost to floating-point rounding still count as a whole one. */
const epsilon = 1e-6;

class TokenBucket implements RateLimiter {
  #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;
  readonly #queue: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RateLimiterOptions) {
    this.#rate = checkedRate(options.ratePerSecond);
    this.#burst = Math.max(1, options.burst ?? Math.floor(this.#rate));
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = this.#burst;
    this.#updatedAt = this.#now();
  }

  get ratePerSecond(): number {
    return this.#rate;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  get isPaused(): boolean {
    return this.#now() < this.#pausedUntil;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) {
      return Promise.reject(signal.reason as Error);
    }
    if (this.#queue.length === 0 && this.#tryTake()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#enqueue({ resolve, reject, signal }));
  }

  pause(ms: number): void {
    const until = this.#now() + Math.max(0, ms);
    if (until <= this.#pausedUntil) {
      return;
    }
    this.#refill();
    this.#pausedUntil = until;
    // The server's bucket is empty: after the pause one request may go, then the steady rate.
    this.#tokens = 1;
    this.#updatedAt = until;
    this.#schedule();
  }

  setRate(ratePerSecond: number): void {
    this.#refill();
    this.#rate = checkedRate(ratePerSecond);
    this.#schedule();
  }

  #enqueue(entry: Omit<Waiter, 'onAbort'>): void {
    const waiter: Waiter = { ...entry, onAbort: () => this.#abandon(waiter) };
    waiter.signal?.addEventListener('abort', waiter.onAbort, { once: true });
    this.#queue.push(waiter);
    this.#schedule();
  }

  #abandon(waiter: Waiter): void {
    const index = this.#queue.indexOf(waiter);
    if (index !== -1) {
      this.#queue.splice(index, 1);
      waiter.reject(waiter.signal?.reason);
      this.#schedule();
    }
  }

  #drain(): void {
    this.#timer = undefined;
    while (this.#queue.length > 0 && this.#tryTake()) {
      const waiter = this.#queue.shift();
      waiter?.signal?.removeEventListener('abort', waiter.onAbort);
      waiter?.resolve();
    }
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) {
      return;
    }
    this.#refill();
    const now = this.#now();
    const untilToken = this.#tokens >= 1 - epsilon ? 0 : ((1 - this.#tokens) * 1000) / this.#rate;
    const delay = Math.max(this.#pausedUntil - now, untilToken, 0);
    // Rounding noise must not push a wait a whole millisecond late; an early wake just waits again.
    this.#timer = setTimeout(() => this.#drain(), Math.ceil(delay - 1e-6));
  }

  #tryTake(): boolean {
    this.#refill();
    if (this.#now() < this.#pausedUntil || this.#tokens < 1 - epsilon) {
      return false;
    }
    this.#tokens = Math.max(0, this.#tokens - 1);
    return true;
  }

  #refill(): void {
    const now = this.#now();
    if (now <= this.#updatedAt) {
      return;
    }
    const earned = ((now - this.#updatedAt) * this.#rate) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + earned);
    this.#updatedAt = now;
  }
}

function checkedRate(ratePerSecond: number): number {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(`A rate limit must be a positive number, got ${ratePerSecond}`);
  }
  return ratePerSecond;
}

/** Creates a limiter of its own; most code should share the process-wide one instead. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  return new TokenBucket(options);
}

let processLimiter: RateLimiter | undefined;

/**
 * Returns the one limiter every Notion call of this process shares, so that several clients or
 * activities together stay under the limit. A different `ratePerSecond` changes it for everyone.
 */
export function getProcessRateLimiter(ratePerSecond: number): RateLimiter {
  processLimiter ??= createRateLimiter({ ratePerSecond });
  if (processLimiter.ratePerSecond !== ratePerSecond) {
    processLimiter.setRate(ratePerSecond);
  }
  return processLimiter;
}
