/** A token-bucket setting: `perSecond` tokens refill each second, `burst` is the bucket size. */
export interface RateLimitSetting {
  perSecond: number;
  burst: number;
}

/**
 * Notion's documented average of three requests per second, with room for a short burst: ten
 * back-to-back requests pass, a burst of 25 is refused in part, and a steady 3/s never is.
 */
export const notionRateLimit: RateLimitSetting = { perSecond: 3, burst: 10 };

/** The outcome of asking for one request's token. */
export type RateDecision = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * One token bucket per integration token. Runs on the monotonic clock, not the emulator's
 * adjustable one, so moving test time never refills or drains a bucket.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private setting: RateLimitSetting | false,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  configure(setting: RateLimitSetting | false): void {
    this.setting = setting;
    this.buckets.clear();
  }

  current(): RateLimitSetting | false {
    return this.setting;
  }

  take(key: string): RateDecision {
    const setting = this.setting;
    if (setting === false) {
      return { isAllowed: true };
    }
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: setting.burst, updatedMs: now };
    const refilled = ((now - bucket.updatedMs) / 1000) * setting.perSecond;
    bucket.tokens = Math.min(setting.burst, bucket.tokens + refilled);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { isAllowed: true };
    }
    const waitSeconds = (1 - bucket.tokens) / setting.perSecond;
    return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}
