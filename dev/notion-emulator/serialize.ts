import { minuteIso } from './clock';
import type { ApiContext } from './context';
import { hasArchivedAlias } from './context';
import type {
  BaseRecord,
  BlockRecord,
  DataSourceRecord,
  DatabaseRecord,
  JsonObject,
  PageRecord,
  ParentRef,
  UserRecord,
} from './model';
import { renderValue } from './property-read';
import { plainTextOf } from './rich-text';
import { renderProperty } from './schema';

type ReadContext = Pick<ApiContext, 'store' | 'version'>;

/** A page in Notion's response shape; `propertyIds` limits the properties (filter_properties). */
export function renderPage(
  page: PageRecord,
  context: ReadContext,
  propertyIds?: ReadonlySet<string>,
): JsonObject {
  return {
    object: 'page',
    id: page.id,
    ...timestamps(page),
    cover: page.cover,
    icon: page.icon,
    parent: renderParent(page.parent, context),
    ...trashFields(context.store.isTrashed(page), context),
    is_locked: false,
    properties: renderPageProperties(page, context, propertyIds),
    url: notionUrl(plainTextOf(page.values.title), page.id),
    public_url: null,
  };
}

function renderPageProperties(
  page: PageRecord,
  context: ReadContext,
  propertyIds?: ReadonlySet<string>,
): JsonObject {
  const dataSource = dataSourceOf(page, context);
  if (dataSource === undefined) {
    const title = { id: 'title', type: 'title', title: page.values.title ?? [] };
    return propertyIds === undefined || propertyIds.has('title') ? { title } : {};
  }
  const properties: JsonObject = {};
  for (const property of dataSource.properties) {
    if (propertyIds === undefined || propertyIds.has(property.id)) {
      properties[property.name] = renderValue(page, property);
    }
  }
  return properties;
}

/** The data source a row belongs to, if the page is a row. */
export function dataSourceOf(page: PageRecord, context: ReadContext): DataSourceRecord | undefined {
  if (page.parent.type !== 'data_source_id') {
    return undefined;
  }
  const record = context.store.find(page.parent.id, page.workspaceId);
  return record?.kind === 'data_source' ? record : undefined;
}

/** A database container in Notion's response shape. */
export function renderDatabase(database: DatabaseRecord, context: ReadContext): JsonObject {
  const dataSources = database.dataSourceIds.map((id) => {
    const record = context.store.find(id, database.workspaceId);
    return { id, name: record?.kind === 'data_source' ? plainTextOf(record.title) : '' };
  });
  return {
    object: 'database',
    id: database.id,
    title: database.title,
    description: database.description,
    parent: renderParent(database.parent, context),
    is_inline: database.isInline,
    ...trashFields(context.store.isTrashed(database), context),
    is_locked: false,
    created_time: minuteIso(database.createdMs),
    last_edited_time: minuteIso(database.editedMs),
    data_sources: dataSources,
    icon: database.icon,
    cover: database.cover,
    url: notionUrl(plainTextOf(database.title), database.id),
    public_url: null,
  };
}

/** A data source with its schema in Notion's response shape. */
export function renderDataSource(dataSource: DataSourceRecord, context: ReadContext): JsonObject {
  const database = context.store.databaseOf(dataSource);
  const properties: JsonObject = {};
  for (const property of dataSource.properties) {
    properties[property.name] = renderProperty(property);
  }
  return {
    object: 'data_source',
    id: dataSource.id,
    ...timestamps(dataSource),
    properties,
    parent: { type: 'database_id', database_id: dataSource.databaseId },
    database_parent: database === undefined ? null : renderParent(database.parent, context),
    is_inline: database?.isInline ?? false,
    ...trashFields(context.store.isTrashed(dataSource), context),
    icon: null,
    cover: null,
    title: dataSource.title,
    description: dataSource.description,
    url: notionUrl(plainTextOf(dataSource.title), dataSource.id),
    public_url: null,
  };
}

/** A block (or a page or database seen as a block) in Notion's response shape. */
export function renderBlock(
  record: BlockRecord | PageRecord | DatabaseRecord,
  context: ReadContext,
): JsonObject {
  const [type, content] = blockContent(record);
  return {
    object: 'block',
    id: record.id,
    parent: renderParent(record.parent, context),
    ...timestamps(record),
    has_children: record.kind === 'database' ? false : record.children.length > 0,
    ...trashFields(context.store.isTrashed(record), context),
    type,
    [type]: content,
  };
}

function blockContent(record: BlockRecord | PageRecord | DatabaseRecord): [string, JsonObject] {
  if (record.kind === 'block') {
    return [record.type, record.content];
  }
  if (record.kind === 'database') {
    return ['child_database', { title: plainTextOf(record.title) }];
  }
  return ['child_page', { title: plainTextOf(record.values.title) }];
}

/** A user in Notion's response shape. */
export function renderUser(user: UserRecord, workspaceName: string): JsonObject {
  const common = { object: 'user', id: user.id, name: user.name, avatar_url: null };
  if (user.type === 'person') {
    return { ...common, type: 'person', person: { email: user.email ?? null } };
  }
  return {
    ...common,
    type: 'bot',
    bot: {
      owner: { type: 'workspace', workspace: true },
      workspace_name: workspaceName,
      workspace_id: user.workspaceId,
      workspace_limits: { max_file_upload_size_in_bytes: 5_242_880 },
    },
  };
}

/** A parent reference in Notion's response shape. */
export function renderParent(parent: ParentRef, context: ReadContext): JsonObject {
  switch (parent.type) {
    case 'workspace':
      return { type: 'workspace', workspace: true };
    case 'data_source_id': {
      const record = context.store.lookup(parent.id);
      const databaseId = record?.kind === 'data_source' ? record.databaseId : undefined;
      return { type: 'data_source_id', data_source_id: parent.id, database_id: databaseId ?? null };
    }
    default:
      return { type: parent.type, [parent.type]: parent.id };
  }
}

function timestamps(record: BaseRecord): JsonObject {
  return {
    created_time: minuteIso(record.createdMs),
    last_edited_time: minuteIso(record.editedMs),
    created_by: { object: 'user', id: record.createdBy },
    last_edited_by: { object: 'user', id: record.editedBy },
  };
}

function trashFields(isTrashed: boolean, context: ReadContext): JsonObject {
  return hasArchivedAlias(context)
    ? { archived: isTrashed, in_trash: isTrashed }
    : { in_trash: isTrashed };
}

function notionUrl(title: string, id: string): string {
  const slug = title
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  const compact = id.replace(/-/g, '');
  return `https://www.notion.so/${slug === '' ? '' : `${slug}-`}${compact}`;
}
