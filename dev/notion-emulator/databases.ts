import type { ApiContext, ApiHandler } from './context';
import { trashedError } from './errors';
import { newId } from './ids';
import { bodyId, pathId, requestedTrash, requireDatabase, requirePage } from './lookup';
import type { DataSourceRecord, DatabaseRecord } from './model';
import { touch } from './page-write';
import { normalizeRichText } from './rich-text';
import { buildSchema } from './schema-edit';
import { renderDatabase } from './serialize';
import { expectBoolean, expectObject } from './validation';

/** POST /v1/databases: a database under a page, with its first data source. */
export const createDatabase: ApiHandler = (context) => {
  const { body } = context;
  const parent = expectObject(body.parent, 'body.parent');
  const parentPage = requirePage(context, bodyId(parent.page_id, 'body.parent.page_id'));
  if (context.store.isTrashed(parentPage)) {
    throw trashedError();
  }
  const initial =
    body.initial_data_source === undefined
      ? {}
      : expectObject(body.initial_data_source, 'body.initial_data_source');
  const properties = buildSchema(
    initial.properties,
    context,
    'body.initial_data_source.properties',
  );
  const title = body.title === undefined ? [] : normalizeRichText(body.title, 'body.title');
  const database = newDatabase(context, parentPage.id, title);
  const dataSource = newDataSource(context, database, properties);
  dataSource.title =
    initial.title === undefined
      ? title
      : normalizeRichText(initial.title, 'body.initial_data_source.title');
  database.isInline =
    body.is_inline === undefined ? false : expectBoolean(body.is_inline, 'body.is_inline');
  database.description =
    body.description === undefined ? [] : normalizeRichText(body.description, 'body.description');
  context.store.put(database);
  context.store.put(dataSource);
  parentPage.children.push(database.id);
  return renderDatabase(database, context);
};

/** GET /v1/databases/{database_id}. */
export const getDatabase: ApiHandler = (context) =>
  renderDatabase(requireDatabase(context, pathId(context, 'database_id')), context);

/** PATCH /v1/databases/{database_id}: title, description, inline flag and trash. */
export const updateDatabase: ApiHandler = (context) => {
  const database = requireDatabase(context, pathId(context, 'database_id'));
  const { body } = context;
  const trash = requestedTrash(context);
  if (body.title !== undefined) {
    database.title = normalizeRichText(body.title, 'body.title');
  }
  if (body.description !== undefined) {
    database.description = normalizeRichText(body.description, 'body.description');
  }
  if (body.is_inline !== undefined) {
    database.isInline = expectBoolean(body.is_inline, 'body.is_inline');
  }
  database.inTrash = trash ?? database.inTrash;
  touch(database, context);
  return renderDatabase(database, context);
};

function newDatabase(context: ApiContext, parentPageId: string, title: DatabaseRecord['title']) {
  const now = context.clock.now();
  const database: DatabaseRecord = {
    kind: 'database',
    id: newId(),
    workspaceId: context.workspace.id,
    createdMs: now,
    editedMs: now,
    createdBy: context.actorId,
    editedBy: context.actorId,
    inTrash: false,
    parent: { type: 'page_id', id: parentPageId },
    title,
    description: [],
    isInline: false,
    dataSourceIds: [],
    icon: context.body.icon ?? null,
    cover: context.body.cover ?? null,
  };
  return database;
}

function newDataSource(
  context: ApiContext,
  database: DatabaseRecord,
  properties: DataSourceRecord['properties'],
): DataSourceRecord {
  const now = context.clock.now();
  const dataSource: DataSourceRecord = {
    kind: 'data_source',
    id: newId(),
    workspaceId: context.workspace.id,
    createdMs: now,
    editedMs: now,
    createdBy: context.actorId,
    editedBy: context.actorId,
    inTrash: false,
    databaseId: database.id,
    title: database.title,
    description: [],
    properties,
    rows: [],
    nextUniqueNumber: 1,
  };
  database.dataSourceIds.push(dataSource.id);
  return dataSource;
}
