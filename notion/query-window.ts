import type { PageObjectResponse, QueryDataSourceParameters } from '@notionhq/client';

/** A data source query filter, in Notion's shape. */
export type QueryFilter = NonNullable<QueryDataSourceParameters['filter']>;

/** Data source query sorts, in Notion's shape. */
export type QuerySorts = NonNullable<QueryDataSourceParameters['sorts']>;

type Timestamp = 'created_time' | 'last_edited_time';

/** The timestamp a query is ordered by first, which lets it continue past the result cap. */
export interface TimestampWindow {
  timestamp: Timestamp;
  direction: 'ascending' | 'descending';
}

/** The window a query can be split on: its first sort, when that sort is a timestamp. */
export function windowOf(sorts: QuerySorts): TimestampWindow | undefined {
  const first = sorts[0];
  return first !== undefined && 'timestamp' in first
    ? { timestamp: first.timestamp, direction: first.direction }
    : undefined;
}

/** The timestamp the window is ordered by, read from a page. */
export function windowValue(window: TimestampWindow, page: PageObjectResponse): string {
  return page[window.timestamp];
}

/**
 * Adds the window's bound to the caller's filter: rows at or after (or, descending, at or before)
 * the last timestamp seen. Rows on the boundary come again and are skipped by id.
 */
export function boundedFilter(
  filter: QueryFilter | undefined,
  window: TimestampWindow | undefined,
  bound: string | undefined,
): QueryFilter | undefined {
  if (window === undefined || bound === undefined) {
    return filter;
  }
  const edge = window.direction === 'ascending' ? { on_or_after: bound } : { on_or_before: bound };
  const condition = { timestamp: window.timestamp, [window.timestamp]: edge } as QueryFilter;
  return andFilter(filter, condition);
}

/** Joins two filters with `and`, flattening into the first when it is an `and` already. */
export function andFilter(filter: QueryFilter | undefined, condition: QueryFilter): QueryFilter {
  if (filter === undefined) {
    return condition;
  }
  const members = 'and' in filter ? [...filter.and, condition] : [filter, condition];
  return { and: members } as QueryFilter;
}
