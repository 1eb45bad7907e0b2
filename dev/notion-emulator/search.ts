import type { ApiHandler } from './context';
import { quote, validationError } from './errors';
import type { DataSourceRecord, JsonObject, PageRecord } from './model';
import { listBody, paginate, readPageRequest } from './pagination';
import { plainTextOf } from './rich-text';
import { renderDataSource, renderPage } from './serialize';
import { isObject } from './validation';

/**
 * POST /v1/search: pages and data sources whose title contains `query` (ignoring case), newest
 * edit first unless `sort` says otherwise. Objects in the trash are left out.
 */
export const search: ApiHandler = (context) => {
  const { body } = context;
  const query = typeof body.query === 'string' ? body.query.toLowerCase() : '';
  const kind = objectFilter(body.filter);
  const found: Array<PageRecord | DataSourceRecord> = [];
  for (const record of context.store.objectsOf(context.workspace.id)) {
    const isWanted =
      (record.kind === 'page' && kind !== 'data_source') ||
      (record.kind === 'data_source' && kind !== 'page');
    if (isWanted && !context.store.isTrashed(record) && titleOf(record).includes(query)) {
      found.push(record);
    }
  }
  const sign = isObject(body.sort) && body.sort.direction === 'ascending' ? 1 : -1;
  found.sort((a, b) => (a.editedMs - b.editedMs) * sign);
  const request = readPageRequest(body, 'body', 'search');
  const page = paginate(found, request, 'search');
  const results = page.results.map((record) =>
    record.kind === 'page' ? renderPage(record, context) : renderDataSource(record, context),
  );
  return listBody({ ...page, results }, 'page_or_data_source');
};

function objectFilter(raw: unknown): 'page' | 'data_source' | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const filter: JsonObject | undefined = isObject(raw) ? raw : undefined;
  if (
    filter?.property !== 'object' ||
    (filter.value !== 'page' && filter.value !== 'data_source')
  ) {
    throw validationError(
      `body.filter should be \`{ property: "object", value: "page" | "data_source" }\`, ` +
        `instead was ${quote(raw)}.`,
    );
  }
  return filter.value;
}

function titleOf(record: PageRecord | DataSourceRecord): string {
  const title = record.kind === 'page' ? record.values.title : record.title;
  return plainTextOf(title).toLowerCase();
}
