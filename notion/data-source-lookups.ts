import type { PageObjectResponse } from '@notionhq/client';

import { queryDataSource, type QueryOptions } from './data-source-query';
import type { CallOptions, NotionContext } from './notion-context';
import { andFilter, type QueryFilter } from './query-window';

/** Options of `queryChangedSince`. */
export interface ChangedSinceOptions extends Omit<QueryOptions, 'sorts' | 'startCursor'> {
  /** Milliseconds read again before `since`, on top of the minute floor. Default 60000. */
  overlapMs?: number;
}

/**
 * Yields the pages edited at or after `since`, oldest edit first. Notion floors
 * `last_edited_time` to the minute, so the query starts at the minute of `since - overlapMs`;
 * callers decide what changed by comparing values, not times.
 */
export function queryChangedSince(
  ctx: NotionContext,
  dataSourceId: string,
  since: Date | string,
  options: ChangedSinceOptions = {},
): AsyncGenerator<PageObjectResponse> {
  const { overlapMs = 60_000, ...rest } = options;
  const start = floorToMinute(new Date(since).getTime() - overlapMs);
  const changed: QueryFilter = {
    timestamp: 'last_edited_time',
    last_edited_time: { on_or_after: start },
  };
  return queryDataSource(ctx, dataSourceId, {
    ...rest,
    filter: andFilter(rest.filter, changed),
    sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }],
  });
}

function floorToMinute(time: number): string {
  if (Number.isNaN(time)) {
    throw new RangeError('queryChangedSince needs a valid date');
  }
  return new Date(Math.floor(time / 60_000) * 60_000).toISOString();
}

/** Options of `findPageByProperty`. */
export interface FindOptions extends CallOptions {
  /** The property's type, which picks the filter. Default `rich_text`. */
  type?: 'rich_text' | 'title' | 'number' | 'email' | 'url' | 'phone_number';
}

/**
 * Finds the oldest page whose property equals `value` with one request, or `undefined`. Used for
 * idempotent creates: the local id lives in a property, so a retried create finds the page it made
 * before. Trashed pages are not found.
 */
export async function findPageByProperty(
  ctx: NotionContext,
  dataSourceId: string,
  propertyName: string,
  value: string | number,
  options: FindOptions = {},
): Promise<PageObjectResponse | undefined> {
  const filter = { property: propertyName, [options.type ?? 'rich_text']: { equals: value } };
  const pages = queryDataSource(ctx, dataSourceId, {
    filter: filter as QueryFilter,
    pageSize: 1,
    signal: options.signal,
  });
  for await (const page of pages) {
    return page;
  }
  return undefined;
}
