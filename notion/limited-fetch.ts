import { AsyncLocalStorage } from 'node:async_hooks';

import type { Client } from '@notionhq/client';

import type { Logger } from '../core/logger';
import type { RateLimiter } from './rate-limiter';
import { parseRetryAfter } from './to-notion-error';

/** The `fetch` shape `@notionhq/client` accepts. */
export type NotionFetch = NonNullable<
  NonNullable<ConstructorParameters<typeof Client>[0]>['fetch']
>;

/** Counts of what went over the wire, shared by every call of one integration. */
export interface RequestCounts {
  /** HTTP requests sent. */
  requests: number;
  /** Replies that were 429 or 529. */
  rateLimited: number;
}

/** Options of the fetch every Notion request of an integration goes through. */
export interface LimitedFetchOptions {
  limiter: RateLimiter;
  counts: RequestCounts;
  /** Milliseconds one exchange may take once the limiter let it go. */
  timeoutMs: number;
  /** Milliseconds a 429 or 529 without `Retry-After` pauses everyone. Default 1000. */
  defaultPauseMs?: number;
  logger: Logger;
}

const callSignal = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs `call` so that every request it makes waits and aborts with `signal`. */
export function withSignal<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  return callSignal.run(signal, call);
}

/**
 * Builds a fetch that waits for the limiter, counts the request, times out the exchange itself
 * (the client's own timer would also count the wait in the limiter's queue) and pauses every
 * caller when Notion answers 429 or 529.
 */
export function createLimitedFetch(options: LimitedFetchOptions): NotionFetch {
  const { limiter, counts, timeoutMs, logger, defaultPauseMs = 1000 } = options;
  return async (url, init) => {
    const signal = callSignal.getStore();
    await limiter.acquire(signal);
    counts.requests += 1;
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, {
      method: init?.method,
      headers: init?.headers,
      body: init?.body,
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    if (response.status === 429 || response.status === 529) {
      counts.rateLimited += 1;
      const pauseMs = parseRetryAfter(response.headers.get('retry-after')) ?? defaultPauseMs;
      limiter.pause(pauseMs);
      logger.warn(
        { status: response.status, pauseMs },
        'Notion asked to slow down; pausing every call',
      );
    }
    return response;
  };
}
