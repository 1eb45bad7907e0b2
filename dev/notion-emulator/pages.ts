import { buildBlocks } from './block-write';
import type { ApiContext, ApiHandler } from './context';
import { notFound, plainValidationError, trashedError, validationError } from './errors';
import { newId } from './ids';
import {
  bodyId,
  filterPropertyIds,
  pathId,
  requestedTrash,
  requireDataSource,
  requireDatabase,
  requirePage,
} from './lookup';
import type { DataSourceRecord, Json, PageRecord, ParentRef } from './model';
import { applyPropertyWrites, touch } from './page-write';
import { defaultValue } from './property-read';
import { dataSourceOf, renderPage } from './serialize';
import { expectObject } from './validation';

/** POST /v1/pages: a data-source row or a child page, with optional content. */
export const createPage: ApiHandler = (context) => {
  const { parent, dataSource } = resolveNewParent(context);
  const parentRecord = context.store.find(
    parent.type === 'workspace' ? '' : parent.id,
    context.workspace.id,
  );
  if (parentRecord !== undefined && context.store.isTrashed(parentRecord)) {
    throw trashedError();
  }
  const page = newPage(context, parent, dataSource);
  applyPropertyWrites(page, dataSource, context.body.properties, context);
  const blocks =
    context.body.children === undefined
      ? []
      : buildBlocks(
          context.body.children,
          { type: 'page_id', id: page.id },
          'body.children',
          context,
        );
  for (const block of blocks) {
    context.store.put(block);
  }
  page.children = blocks.filter((block) => block.parent.type === 'page_id').map((b) => b.id);
  context.store.put(page);
  attachToParent(context, page, dataSource);
  return renderPage(page, context, filterPropertyIds(context, dataSource));
};

/** GET /v1/pages/{page_id}. */
export const getPage: ApiHandler = (context) => {
  const page = requirePage(context, pathId(context, 'page_id'));
  return renderPage(page, context, filterPropertyIds(context, dataSourceOf(page, context)));
};

/** PATCH /v1/pages/{page_id}: properties, icon, cover, and moving to or from the trash. */
export const updatePage: ApiHandler = (context) => {
  const page = requirePage(context, pathId(context, 'page_id'));
  const dataSource = dataSourceOf(page, context);
  const trash = requestedTrash(context);
  const { body } = context;
  const edits =
    body.properties !== undefined || body.icon !== undefined || body.cover !== undefined;
  const wasTrashed = page.inTrash;
  page.inTrash = trash === false ? false : page.inTrash;
  try {
    if (edits && context.store.isTrashed(page)) {
      throw trashedError();
    }
    applyPropertyWrites(page, dataSource, body.properties, context);
  } catch (error) {
    page.inTrash = wasTrashed;
    throw error;
  }
  page.icon = body.icon === undefined ? page.icon : body.icon;
  page.cover = body.cover === undefined ? page.cover : body.cover;
  if (trash === true) {
    page.inTrash = true;
  }
  touch(page, context);
  return renderPage(page, context, filterPropertyIds(context, dataSource));
};

function resolveNewParent(context: ApiContext): {
  parent: ParentRef;
  dataSource: DataSourceRecord | undefined;
} {
  const parent = expectObject(context.body.parent, 'body.parent');
  if (parent.data_source_id !== undefined) {
    const dataSource = requireDataSource(
      context,
      bodyId(parent.data_source_id, 'body.parent.data_source_id'),
    );
    return { parent: { type: 'data_source_id', id: dataSource.id }, dataSource };
  }
  if (parent.database_id !== undefined) {
    const database = requireDatabase(
      context,
      bodyId(parent.database_id, 'body.parent.database_id'),
    );
    const [only, ...others] = database.dataSourceIds;
    if (only === undefined || others.length > 0) {
      throw plainValidationError(
        'Databases with multiple data sources are not supported as a parent. Use data_source_id.',
      );
    }
    const dataSource = requireDataSource(context, only);
    return { parent: { type: 'data_source_id', id: dataSource.id }, dataSource };
  }
  if (parent.page_id !== undefined) {
    const page = requirePage(context, bodyId(parent.page_id, 'body.parent.page_id'));
    return { parent: { type: 'page_id', id: page.id }, dataSource: undefined };
  }
  throw validationError('body.parent should be a data_source_id, database_id or page_id parent.');
}

function newPage(
  context: ApiContext,
  parent: ParentRef,
  dataSource: DataSourceRecord | undefined,
): PageRecord {
  const now = context.clock.now();
  const values: Record<string, Json> = {};
  for (const property of dataSource?.properties ?? []) {
    values[property.id] = defaultValue(property);
  }
  if (dataSource === undefined) {
    values.title = [];
  }
  return {
    kind: 'page',
    id: newId(),
    workspaceId: context.workspace.id,
    createdMs: now,
    editedMs: now,
    createdBy: context.actorId,
    editedBy: context.actorId,
    inTrash: false,
    parent,
    values,
    children: [],
    icon: context.body.icon ?? null,
    cover: context.body.cover ?? null,
    uniqueNumber: 0,
  };
}

function attachToParent(
  context: ApiContext,
  page: PageRecord,
  dataSource: DataSourceRecord | undefined,
): void {
  if (dataSource !== undefined) {
    page.uniqueNumber = dataSource.nextUniqueNumber;
    dataSource.nextUniqueNumber += 1;
    dataSource.rows.push(page);
    return;
  }
  if (page.parent.type === 'page_id') {
    const parentPage = context.store.find(page.parent.id, context.workspace.id);
    if (parentPage?.kind !== 'page') {
      throw notFound('page', page.parent.id);
    }
    parentPage.children.push(page.id);
  }
}
