import type {
  BlockObjectRequest,
  BlockObjectResponse,
  Client,
  DataSourceObjectResponse,
  PageObjectResponse,
} from '@notionhq/client';

import type { BatchUpdateOptions, PageUpdate, PageUpdateResult } from './batch-update';
import type { BlockContent } from './blocks';
import type { ChangedSinceOptions, FindOptions } from './data-source-lookups';
import type { QueryOptions } from './data-source-query';
import type { CreatedDatabase, PropertySchema } from './data-sources';
import type { CallOptions } from './notion-context';
import type { PageParent, PageProperties } from './pages';
import type { RateLimiter } from './rate-limiter';

/** The bot user the token belongs to. */
export interface BotIdentity {
  id: string;
  name: string | null;
}

/**
 * The typed Notion operations the service uses. Every method accepts `{ signal }` last, waits for
 * the shared limiter, and rejects with a `NotionApiError` (or the signal's reason on abort).
 */
export interface NotionIntegration {
  /** The underlying client, for calls this interface does not cover; they are limited too. */
  readonly client: Client;
  readonly limiter: RateLimiter;
  /** HTTP requests this integration has sent, for the sync's "requests spent". */
  readonly requests: number;
  /** Replies that were 429 or 529. */
  readonly rateLimitedResponses: number;

  /** Makes one call (`users.me`); a refused token fails with `NotionCredentialsError`. */
  validateCredentials(options?: CallOptions): Promise<BotIdentity>;

  queryDataSource(dataSourceId: string, options?: QueryOptions): AsyncGenerator<PageObjectResponse>;
  queryChangedSince(
    dataSourceId: string,
    since: Date | string,
    options?: ChangedSinceOptions,
  ): AsyncGenerator<PageObjectResponse>;
  findPageByProperty(
    dataSourceId: string,
    propertyName: string,
    value: string | number,
    options?: FindOptions,
  ): Promise<PageObjectResponse | undefined>;
  getDataSource(dataSourceId: string, options?: CallOptions): Promise<DataSourceObjectResponse>;
  resolveDataSourceId(databaseId: string, options?: CallOptions): Promise<string>;
  createDatabase(
    parentPageId: string,
    title: string,
    properties: PropertySchema,
    options?: CallOptions,
  ): Promise<CreatedDatabase>;

  createDatabaseEntry(
    dataSourceId: string,
    properties: PageProperties,
    options?: CallOptions,
  ): Promise<PageObjectResponse>;
  createPage(
    parent: PageParent,
    properties: PageProperties,
    children?: readonly BlockObjectRequest[],
    options?: CallOptions,
  ): Promise<PageObjectResponse>;
  getPage(pageId: string, options?: CallOptions): Promise<PageObjectResponse>;
  getPageProperty(
    pageId: string,
    propertyId: string,
    options?: CallOptions,
  ): Promise<Record<string, unknown>>;
  updatePage(
    pageId: string,
    properties: PageProperties,
    options?: CallOptions,
  ): Promise<PageObjectResponse>;
  trashPage(pageId: string, options?: CallOptions): Promise<PageObjectResponse>;
  restorePage(pageId: string, options?: CallOptions): Promise<PageObjectResponse>;

  appendBlocks(
    blockId: string,
    blocks: readonly BlockObjectRequest[],
    options?: CallOptions,
  ): Promise<BlockObjectResponse[]>;
  updateBlock(
    blockId: string,
    content: BlockContent,
    options?: CallOptions,
  ): Promise<BlockObjectResponse>;
  listBlockChildren(blockId: string, options?: CallOptions): AsyncGenerator<BlockObjectResponse>;
  deleteBlock(blockId: string, options?: CallOptions): Promise<void>;

  batchUpdatePages(
    updates: readonly PageUpdate[],
    options?: BatchUpdateOptions,
  ): Promise<PageUpdateResult[]>;
}
