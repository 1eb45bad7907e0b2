/** A JSON value as stored and served by the emulator. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** Notion's property types that the emulator stores and validates. */
export type PropertyType =
  | 'title'
  | 'rich_text'
  | 'number'
  | 'select'
  | 'multi_select'
  | 'status'
  | 'date'
  | 'checkbox'
  | 'url'
  | 'email'
  | 'phone_number'
  | 'relation'
  | 'people'
  | 'files'
  | 'formula'
  | 'rollup'
  | 'created_time'
  | 'created_by'
  | 'last_edited_time'
  | 'last_edited_by'
  | 'unique_id';

/** One option of a select, multi-select or status property. */
export interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

/** A status group and the options it holds. */
export interface StatusGroup {
  id: string;
  name: string;
  color: string;
  option_ids: string[];
}

/** One property of a data source schema; the id is stable across renames. */
export interface PropertySchema {
  id: string;
  name: string;
  type: PropertyType;
  description: string | null;
  options: SelectOption[];
  groups: StatusGroup[];
  /** Type-specific configuration that the emulator keeps but does not interpret. */
  config: JsonObject;
  relation?: { dataSourceId: string; databaseId: string };
}

/** Where an object sits. A data-source row names its data source; its database is looked up. */
export type ParentRef =
  | { type: 'data_source_id'; id: string }
  | { type: 'database_id'; id: string }
  | { type: 'page_id'; id: string }
  | { type: 'block_id'; id: string }
  | { type: 'workspace' };

/** The fields every stored object shares; times are exact, flooring happens on output. */
export interface BaseRecord {
  id: string;
  workspaceId: string;
  createdMs: number;
  editedMs: number;
  createdBy: string;
  editedBy: string;
  inTrash: boolean;
}

/** A page: a data-source row, or a child page with only a title. */
export interface PageRecord extends BaseRecord {
  kind: 'page';
  parent: ParentRef;
  /** Values keyed by property id; a child page keeps its title under `title`. */
  values: Record<string, Json>;
  children: string[];
  icon: Json;
  cover: Json;
  uniqueNumber: number;
}

/** A database: a container of data sources under a page. */
export interface DatabaseRecord extends BaseRecord {
  kind: 'database';
  parent: ParentRef;
  title: JsonObject[];
  description: JsonObject[];
  isInline: boolean;
  dataSourceIds: string[];
  icon: Json;
  cover: Json;
}

/** A data source: the schema and the rows of one table of a database. */
export interface DataSourceRecord extends BaseRecord {
  kind: 'data_source';
  databaseId: string;
  title: JsonObject[];
  description: JsonObject[];
  properties: PropertySchema[];
  /** The rows in creation order; pages are never erased, only trashed. */
  rows: PageRecord[];
  nextUniqueNumber: number;
}

/** A content block inside a page or another block. */
export interface BlockRecord extends BaseRecord {
  kind: 'block';
  parent: ParentRef;
  type: string;
  content: JsonObject;
  children: string[];
}

/** Anything with an id in the store. */
export type StoredObject = PageRecord | DatabaseRecord | DataSourceRecord | BlockRecord;

/** A user of a workspace: the integration's bot or a person. */
export interface UserRecord {
  id: string;
  workspaceId: string;
  type: 'bot' | 'person';
  name: string;
  email?: string;
}

/** A workspace with the integration that the token authenticates. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  token: string;
  botUserId: string;
  personUserId: string;
  parentPageId: string;
}
