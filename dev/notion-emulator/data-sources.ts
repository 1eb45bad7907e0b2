import type { ApiHandler } from './context';
import { trashedError } from './errors';
import { limits } from './limits';
import { filterPropertyIds, pathId, requestedTrash, requireDataSource } from './lookup';
import { touch } from './page-write';
import { listBody, paginate, readPageRequest } from './pagination';
import { compileFilter } from './query-filter';
import { sortRows } from './query-sort';
import type { JsonObject } from './model';
import { normalizeRichText } from './rich-text';
import { patchSchema } from './schema-edit';
import { renderDataSource, renderPage } from './serialize';

/** GET /v1/data_sources/{data_source_id}: the schema. */
export const getDataSource: ApiHandler = (context) =>
  renderDataSource(requireDataSource(context, pathId(context, 'data_source_id')), context);

/** PATCH /v1/data_sources/{data_source_id}: title, schema changes and trash. */
export const updateDataSource: ApiHandler = (context) => {
  const dataSource = requireDataSource(context, pathId(context, 'data_source_id'));
  const { body } = context;
  const trash = requestedTrash(context);
  if (trash === false) {
    dataSource.inTrash = false;
  }
  const edits = body.title !== undefined || body.properties !== undefined;
  if (edits && context.store.isTrashed(dataSource)) {
    throw trashedError();
  }
  if (body.title !== undefined) {
    dataSource.title = normalizeRichText(body.title, 'body.title');
  }
  if (body.properties !== undefined) {
    patchSchema(dataSource, body.properties, context);
  }
  dataSource.inTrash = trash ?? dataSource.inTrash;
  touch(dataSource, context);
  return renderDataSource(dataSource, context);
};

/**
 * POST /v1/data_sources/{data_source_id}/query: filter, sort and page through the rows. Past
 * 10,000 matches the answer stops and says `request_status: incomplete`, as Notion's does.
 */
export const queryDataSource: ApiHandler = (context) => {
  const dataSource = requireDataSource(context, pathId(context, 'data_source_id'));
  const { body } = context;
  const propertyIds = filterPropertyIds(context, dataSource);
  const includeTrashed = requestedTrash(context) === true;
  const matches = compileFilter(body.filter, dataSource, context.clock.now());
  // Rows sit directly under their data source, so one ancestor check covers them all.
  const isSourceTrashed = context.store.isTrashed(dataSource);
  const rows = dataSource.rows.filter(
    (page) => (includeTrashed || (!isSourceTrashed && !page.inTrash)) && matches(page),
  );
  const sorted = sortRows(rows, body.sorts, dataSource);
  const scope = `query:${dataSource.id}`;
  const request = readPageRequest(body, 'body', scope);
  const page = paginate(sorted, request, scope, limits.queryResultCap);
  const extra: JsonObject =
    sorted.length > limits.queryResultCap
      ? { request_status: { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' } }
      : {};
  const results = page.results.map((row) => renderPage(row, context, propertyIds));
  return listBody({ ...page, results }, 'page_or_data_source', extra);
};
