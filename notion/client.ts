import type { Client } from '@notionhq/client';

import type { Logger } from '../core/logger';
import { batchUpdatePages } from './batch-update';
import { appendBlocks, deleteBlock, listBlockChildren, updateBlock } from './blocks';
import { NotionCredentialsError } from './errors';
import { findPageByProperty, queryChangedSince } from './data-source-lookups';
import { queryDataSource } from './data-source-query';
import { createDatabase, getDataSource, resolveDataSourceId } from './data-sources';
import { createNotionContext, type CallOptions, type NotionContext } from './notion-context';
import type { BotIdentity, NotionIntegration } from './notion-integration';
import {
  createDatabaseEntry,
  createPage,
  getPage,
  getPageProperty,
  restorePage,
  trashPage,
  updatePage,
} from './pages';
import { getProcessRateLimiter, type RateLimiter } from './rate-limiter';

/** Settings of `createNotionIntegration`. */
export interface NotionIntegrationOptions {
  /** The integration token; never logged. */
  apiKey: string;
  /** The API origin, e.g. the emulator's. Default `https://api.notion.com`. */
  baseUrl?: string;
  /** Requests per second for the process-wide limiter. Default 3. Ignored when `limiter` is set. */
  rateLimit?: number;
  /** Milliseconds one HTTP exchange may take, not counting the limiter wait. Default 30000. */
  timeoutMs?: number;
  logger: Logger;
  /** The limiter to pass; default the process-wide one, so every integration shares it. */
  limiter?: RateLimiter;
  /** The `Notion-Version` header. Default the client's (`2025-09-03`). */
  notionVersion?: string;
}

/**
 * Creates the typed Notion integration: `@notionhq/client` with its own retries off (activities
 * and Temporal own retries), every request paced by the shared limiter and counted, and every
 * failure turned into a `NotionApiError` that says whether a retry can help.
 */
export function createNotionIntegration(options: NotionIntegrationOptions): NotionIntegration {
  const ctx = createNotionContext({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    limiter: options.limiter ?? getProcessRateLimiter(options.rateLimit ?? 3),
    logger: options.logger,
    notionVersion: options.notionVersion,
  });
  return bindOperations(ctx, options.baseUrl ?? 'https://api.notion.com');
}

function bindOperations(ctx: NotionContext, baseUrl: string): NotionIntegration {
  return {
    client: ctx.client,
    limiter: ctx.limiter,
    get requests() {
      return ctx.counts.requests;
    },
    get rateLimitedResponses() {
      return ctx.counts.rateLimited;
    },
    validateCredentials: (options) => validateCredentials(ctx, baseUrl, options),
    queryDataSource: (...args) => queryDataSource(ctx, ...args),
    queryChangedSince: (...args) => queryChangedSince(ctx, ...args),
    findPageByProperty: (...args) => findPageByProperty(ctx, ...args),
    getDataSource: (...args) => getDataSource(ctx, ...args),
    resolveDataSourceId: (...args) => resolveDataSourceId(ctx, ...args),
    createDatabase: (...args) => createDatabase(ctx, ...args),
    createDatabaseEntry: (...args) => createDatabaseEntry(ctx, ...args),
    createPage: (...args) => createPage(ctx, ...args),
    getPage: (...args) => getPage(ctx, ...args),
    getPageProperty: (...args) => getPageProperty(ctx, ...args),
    updatePage: (...args) => updatePage(ctx, ...args),
    trashPage: (...args) => trashPage(ctx, ...args),
    restorePage: (...args) => restorePage(ctx, ...args),
    appendBlocks: (...args) => appendBlocks(ctx, ...args),
    updateBlock: (...args) => updateBlock(ctx, ...args),
    listBlockChildren: (...args) => listBlockChildren(ctx, ...args),
    deleteBlock: (...args) => deleteBlock(ctx, ...args),
    batchUpdatePages: (...args) => batchUpdatePages(ctx, ...args),
  };
}

async function validateCredentials(
  ctx: NotionContext,
  baseUrl: string,
  options: CallOptions = {},
): Promise<BotIdentity> {
  try {
    const me = await ctx.call((client: Client) => client.users.me({}), options.signal);
    return { id: me.id, name: me.name ?? null };
  } catch (error) {
    if (error instanceof NotionCredentialsError) {
      throw new NotionCredentialsError(
        `Notion at ${baseUrl} refused the token (NOTION_API_KEY): ${error.message}`,
        {
          status: error.status,
          code: error.code,
          requestId: error.requestId,
          cause: error,
        },
      );
    }
    throw error;
  }
}
