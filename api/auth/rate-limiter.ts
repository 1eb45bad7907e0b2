/** The verdict on one attempt. */
export interface RateDecision {
  isAllowed: boolean;
  /** Seconds until the oldest attempt in the window expires; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Options of `SlidingWindowRateLimiter`. */
export interface RateLimiterOptions {
  /** Attempts allowed per key within the window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** Keys tracked at most; the least recently used are forgotten first. Default 10000. */
  maxKeys?: number;
}

/**
 * Counts attempts per key over a sliding window, in memory: enough for one API process. Several
 * processes each keep their own window, so the effective limit grows with their number.
 */
export class SlidingWindowRateLimiter {
  private readonly attempts = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Records an attempt for `key` at `now` (ms) unless the window is full. */
  hit(key: string, now = Date.now()): RateDecision {
    const windowStart = now - this.options.windowMs;
    const recent = (this.attempts.get(key) ?? []).filter((time) => time > windowStart);
    this.attempts.delete(key);
    if (recent.length >= this.options.limit) {
      this.attempts.set(key, recent);
      const oldest = recent[0] ?? now;
      return { isAllowed: false, retryAfterSeconds: Math.ceil((oldest - windowStart) / 1000) };
    }
    recent.push(now);
    this.attempts.set(key, recent);
    this.evictOverflow();
    return { isAllowed: true, retryAfterSeconds: 0 };
  }

  private evictOverflow(): void {
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= this.maxKeys) {
        return;
      }
      this.attempts.delete(key);
    }
  }
}
