import { Client, LogLevel } from '@notionhq/client';

import type { Logger } from '../core/logger';
import { createLimitedFetch, withSignal, type RequestCounts } from './limited-fetch';
import type { RateLimiter } from './rate-limiter';
import { toNotionError } from './to-notion-error';

/** Options every call of an operation accepts. */
export interface CallOptions {
  /** Cancels the call, waiting or in flight; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What the operations share: the client, the limiter and the request counts. */
export interface NotionContext {
  readonly client: Client;
  readonly limiter: RateLimiter;
  readonly counts: RequestCounts;
  /** Runs one client call under `signal`, turning its failures into typed `NotionApiError`s. */
  call<T>(run: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Settings of a context; see `createNotionIntegration` for their meaning. */
export interface NotionContextOptions {
  apiKey: string;
  baseUrl: string | undefined;
  timeoutMs: number;
  limiter: RateLimiter;
  logger: Logger;
  notionVersion: string | undefined;
}

/** The client's timer also covers the limiter wait; ours covers the exchange alone. */
const clientTimerOffMs = 2_147_483_647;

/** Builds the client that sends every request through the limiter, and the call wrapper. */
export function createNotionContext(options: NotionContextOptions): NotionContext {
  const counts: RequestCounts = { requests: 0, rateLimited: 0 };
  const fetch = createLimitedFetch({
    limiter: options.limiter,
    counts,
    timeoutMs: options.timeoutMs,
    logger: options.logger,
  });
  const client = new Client({
    auth: options.apiKey,
    baseUrl: options.baseUrl,
    notionVersion: options.notionVersion,
    timeoutMs: clientTimerOffMs,
    // Retries belong to the caller (activities, Temporal): a failed write may have been applied.
    retry: false,
    fetch,
    logLevel: LogLevel.DEBUG,
    logger: clientLogger(options.logger),
  });
  return {
    client,
    limiter: options.limiter,
    counts,
    call: (run, signal) => runCall(client, run, signal),
  };
}

async function runCall<T>(
  client: Client,
  run: (client: Client) => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  try {
    return await withSignal(signal, () => run(client));
  } catch (error) {
    if (signal?.aborted === true) {
      throw signal.reason;
    }
    throw toNotionError(error);
  }
}

/** The client logs every request at info; that detail belongs at debug in our logs. */
function clientLogger(logger: Logger) {
  const child = logger.child({ component: 'notion-client' });
  return (level: LogLevel, message: string, extraInfo: Record<string, unknown>): void => {
    const pinoLevel = level === LogLevel.INFO ? 'debug' : level;
    child[pinoLevel](extraInfo, message);
  };
}
