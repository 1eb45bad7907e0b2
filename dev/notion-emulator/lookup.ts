import type { ApiContext } from './context';
import { hasArchivedAlias } from './context';
import { notFound, quote, validationError } from './errors';
import { normalizeId } from './ids';
import type {
  BlockRecord,
  DataSourceRecord,
  DatabaseRecord,
  PageRecord,
  StoredObject,
} from './model';
import { findProperty } from './property-lookup';
import { expectBoolean } from './validation';

/** The UUID in a path parameter, or a validation error naming `path.<name>`. */
export function pathId(context: ApiContext, name: string): string {
  const raw = context.params[name] ?? '';
  const id = normalizeId(raw);
  if (id === undefined) {
    throw validationError(`path.${name} should be a valid uuid, instead was ${quote(raw)}.`);
  }
  return id;
}

/** The UUID in a request body field, or a validation error naming it. */
export function bodyId(raw: unknown, path: string): string {
  const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
  if (id === undefined) {
    throw validationError(`${path} should be a valid uuid, instead was ${quote(raw)}.`);
  }
  return id;
}

function findKind<K extends StoredObject['kind']>(
  context: ApiContext,
  id: string,
  kind: K,
): Extract<StoredObject, { kind: K }> {
  const record = context.store.find(id, context.workspace.id);
  if (record?.kind !== kind) {
    throw notFound(kind, id);
  }
  return record as Extract<StoredObject, { kind: K }>;
}

export function requirePage(context: ApiContext, id: string): PageRecord {
  return findKind(context, id, 'page');
}

export function requireDatabase(context: ApiContext, id: string): DatabaseRecord {
  return findKind(context, id, 'database');
}

export function requireDataSource(context: ApiContext, id: string): DataSourceRecord {
  return findKind(context, id, 'data_source');
}

/** A block, or a page or database addressed through the blocks endpoints. */
export function requireBlockLike(
  context: ApiContext,
  id: string,
): BlockRecord | PageRecord | DatabaseRecord {
  const record = context.store.find(id, context.workspace.id);
  if (record === undefined || record.kind === 'data_source') {
    throw notFound('block', id);
  }
  return record;
}

/**
 * The trash flag a write asks for: `in_trash`, or on 2025-09-03 its `archived` alias, which
 * 2026-03-11 refuses.
 */
export function requestedTrash(context: ApiContext): boolean | undefined {
  const { body } = context;
  if (body.archived !== undefined && !hasArchivedAlias(context)) {
    throw validationError(
      `body.archived should be not present, instead was ${quote(body.archived)}. Use in_trash.`,
    );
  }
  if (body.in_trash !== undefined) {
    return expectBoolean(body.in_trash, 'body.in_trash');
  }
  return body.archived === undefined ? undefined : expectBoolean(body.archived, 'body.archived');
}

/** The property ids `filter_properties` asks for, or undefined to return every property. */
export function filterPropertyIds(
  context: ApiContext,
  dataSource: DataSourceRecord | undefined,
): ReadonlySet<string> | undefined {
  const requested = context.query.getAll('filter_properties');
  if (requested.length === 0) {
    return undefined;
  }
  const ids = new Set<string>();
  for (const value of requested) {
    const property = dataSource === undefined ? undefined : findProperty(dataSource, value);
    if (property === undefined && value !== 'title') {
      throw validationError(
        `query.filter_properties should name properties of the data source, ` +
          `instead was ${quote(value)}.`,
      );
    }
    ids.add(property?.id ?? 'title');
  }
  return ids;
}
