import { quote, validationError } from './errors';
import { limits } from './limits';
import type { Json, JsonObject } from './model';
import { textOf } from './validation';

/** Where one page of a list starts and how long it is. */
export interface PageRequest {
  offset: number;
  pageSize: number;
}

/** One page of a list in Notion's shape, without the `type` fields. */
export interface ListPage<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * Reads `start_cursor` and `page_size` (at most 100, default 100) from a body or a query string.
 * A cursor only works for the list (`scope`) that handed it out.
 */
export function readPageRequest(
  source: { start_cursor?: Json | undefined; page_size?: Json | undefined },
  where: 'body' | 'query',
  scope: string,
): PageRequest {
  return {
    offset: decodeCursor(source.start_cursor, `${where}.start_cursor`, scope),
    pageSize: readPageSize(source.page_size, `${where}.page_size`),
  };
}

/** The query-string pair as a page request. */
export function readQueryPageRequest(query: URLSearchParams, scope: string): PageRequest {
  const size = query.get('page_size');
  return readPageRequest(
    {
      start_cursor: query.get('start_cursor') ?? undefined,
      page_size: size === null ? undefined : Number(size),
    },
    'query',
    scope,
  );
}

/** Cuts one page out of `items`; `end` stops the list early (the query result cap). */
export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
  scope: string,
  end = items.length,
): ListPage<T> {
  const stop = Math.min(request.offset + request.pageSize, end, items.length);
  const results = items.slice(request.offset, stop);
  const hasMore = stop < Math.min(end, items.length);
  return {
    results,
    next_cursor: hasMore ? encodeCursor(scope, stop) : null,
    has_more: hasMore,
  };
}

/** A list answer: `{ object: 'list', results, next_cursor, has_more, type, [type]: {} }`. */
export function listBody(page: ListPage<Json>, type: string, extra: JsonObject = {}): JsonObject {
  return {
    object: 'list',
    results: page.results,
    next_cursor: page.next_cursor,
    has_more: page.has_more,
    type,
    [type]: {},
    ...extra,
  };
}

function readPageSize(raw: Json | undefined, path: string): number {
  if (raw === undefined || raw === null) {
    return limits.pageSize;
  }
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    throw validationError(`${path} should be a positive integer, instead was ${quote(raw)}.`);
  }
  if (raw > limits.pageSize) {
    throw validationError(`${path} should be ≤ \`${limits.pageSize}\`, instead was \`${raw}\`.`);
  }
  return raw;
}

function encodeCursor(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify([scope, offset])).toString('base64url');
}

function decodeCursor(raw: Json | undefined, path: string, scope: string): number {
  if (raw === undefined || raw === null) {
    return 0;
  }
  try {
    const decoded: unknown = JSON.parse(Buffer.from(textOf(raw), 'base64url').toString());
    if (Array.isArray(decoded) && decoded[0] === scope && Number.isInteger(decoded[1])) {
      return decoded[1] as number;
    }
  } catch {
    // Falls through to the validation error below, like every foreign string.
  }
  throw validationError(`${path} should be a valid cursor, instead was ${quote(raw)}.`);
}
