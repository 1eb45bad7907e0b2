import {
  isFullPage,
  type PageObjectResponse,
  type QueryDataSourceResponse,
} from '@notionhq/client';

import { NotionQueryLimitError } from './errors';
import type { CallOptions, NotionContext } from './notion-context';
import {
  boundedFilter,
  windowOf,
  windowValue,
  type QueryFilter,
  type QuerySorts,
  type TimestampWindow,
} from './query-window';

/** Options of a data source query. */
export interface QueryOptions extends CallOptions {
  filter?: QueryFilter;
  /**
   * Default `created_time` ascending. A query whose first sort is a timestamp continues past
   * Notion's 10,000-result cap; one sorted by a property stops there with `NotionQueryLimitError`.
   */
  sorts?: QuerySorts;
  /** Rows per request, at most 100. Default 100. */
  pageSize?: number;
  /** A `next_cursor` of an earlier query with the same filter and sorts. */
  startCursor?: string;
  /** Property ids to return; default all. */
  filterProperties?: string[];
}

const createdAscending: QuerySorts = [{ timestamp: 'created_time', direction: 'ascending' }];

/**
 * Yields every page a data source query matches, following pagination and, past the 10,000-result
 * cap, starting a new query from the last timestamp seen. A page edited during the scan can come
 * twice; the later copy is the newer one. Trashed pages are not returned.
 */
export async function* queryDataSource(
  ctx: NotionContext,
  dataSourceId: string,
  options: QueryOptions = {},
): AsyncGenerator<PageObjectResponse> {
  const sorts = options.sorts ?? createdAscending;
  const window = windowOf(sorts);
  const seen = new Set<string>();
  let bound: string | undefined;
  let cursor = options.startCursor;
  for (;;) {
    const response = await queryOnce(ctx, dataSourceId, options, {
      sorts,
      cursor,
      filter: boundedFilter(options.filter, window, bound),
    });
    const pages = response.results.filter(isFullPage);
    yield* pages.filter((page) => isNew(seen, page));
    cursor = response.next_cursor ?? undefined;
    if (cursor === undefined && response.request_status?.type !== 'incomplete') {
      return;
    }
    if (cursor === undefined) {
      bound = nextBound(dataSourceId, window, bound, pages.at(-1));
    }
  }
}

interface QueryStep {
  sorts: QuerySorts;
  cursor: string | undefined;
  filter: QueryFilter | undefined;
}

function queryOnce(
  ctx: NotionContext,
  dataSourceId: string,
  options: QueryOptions,
  step: QueryStep,
): Promise<QueryDataSourceResponse> {
  return ctx.call(
    (client) =>
      client.dataSources.query({
        data_source_id: dataSourceId,
        filter: step.filter,
        sorts: step.sorts,
        start_cursor: step.cursor,
        page_size: options.pageSize,
        filter_properties: options.filterProperties,
      }),
    options.signal,
  );
}

function isNew(seen: Set<string>, page: PageObjectResponse): boolean {
  const key = `${page.id}@${page.last_edited_time}`;
  if (seen.has(key)) {
    return false;
  }
  seen.add(key);
  return true;
}

function nextBound(
  dataSourceId: string,
  window: TimestampWindow | undefined,
  bound: string | undefined,
  last: PageObjectResponse | undefined,
): string {
  if (window === undefined) {
    throw new NotionQueryLimitError(dataSourceId, 'sort by a timestamp first to read past it');
  }
  const value = last === undefined ? undefined : windowValue(window, last);
  if (value === undefined || value === bound) {
    throw new NotionQueryLimitError(dataSourceId, `more rows than the cap share ${String(value)}`);
  }
  return value;
}
