import { z } from 'zod';

import { intVar, parseEnv, type Env } from '../core/env';
import { normalizeNotionId } from './notion-id';

const notionId = z
  .string()
  .refine((value) => normalizeNotionId(value) !== undefined, 'must be a Notion id (32 hex digits)')
  .transform((value) => normalizeNotionId(value) ?? value);

const notionEnvSchema = z
  .object({
    NOTION_API_KEY: z.string({ error: 'is required' }),
    NOTION_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    NOTION_DATA_SOURCE_ID: notionId.optional(),
    NOTION_DATABASE_ID: notionId.optional(),
    NOTION_PAGE_ID: notionId.optional(),
    NOTION_RATE_LIMIT: z.coerce.number().positive().max(1000).default(3),
    NOTION_TIMEOUT_MS: intVar(30_000),
  })
  .refine((vars) => vars.NOTION_DATA_SOURCE_ID ?? vars.NOTION_DATABASE_ID ?? vars.NOTION_PAGE_ID, {
    path: ['NOTION_DATA_SOURCE_ID'],
    message: 'or NOTION_DATABASE_ID or NOTION_PAGE_ID must say where to sync',
  });

/** Notion settings, validated once at start-up. */
export interface NotionConfig {
  /** The integration token (`NOTION_API_KEY`); never logged. */
  apiKey: string;
  /** The API origin (`NOTION_BASE_URL`); unset means `https://api.notion.com`. */
  baseUrl: string | undefined;
  /** The data source the sync reads and writes (`NOTION_DATA_SOURCE_ID`). */
  dataSourceId: string | undefined;
  /** A database whose first data source is used when no data source id is set. */
  databaseId: string | undefined;
  /** The parent page under which a missing database is created (`NOTION_PAGE_ID`). */
  pageId: string | undefined;
  /** Requests per second every call of this process stays under. Default 3. */
  rateLimit: number;
  /**
   * Milliseconds one HTTP exchange may take, not counting the wait for the limiter. Default 30000.
   */
  timeoutMs: number;
}

/**
 * Reads the `NOTION_*` variables. Ids are accepted with or without dashes and returned lower-case
 * and dashed. Throws a `ConfigError` naming each bad variable.
 */
export function loadNotionConfig(env: Env = process.env): NotionConfig {
  const vars = parseEnv(notionEnvSchema, env);
  return {
    apiKey: vars.NOTION_API_KEY,
    baseUrl: vars.NOTION_BASE_URL?.replace(/\/+$/, ''),
    dataSourceId: vars.NOTION_DATA_SOURCE_ID,
    databaseId: vars.NOTION_DATABASE_ID,
    pageId: vars.NOTION_PAGE_ID,
    rateLimit: vars.NOTION_RATE_LIMIT,
    timeoutMs: vars.NOTION_TIMEOUT_MS,
  };
}
