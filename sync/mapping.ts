/** A Notion property type a mapping can bind a column to. */
export type MappedPropertyType =
  | 'title'
  | 'rich_text'
  | 'number'
  | 'select'
  | 'multi_select'
  | 'status'
  | 'checkbox'
  | 'date'
  | 'url'
  | 'email'
  | 'phone_number'
  | 'relation';

/** Which way a run moves changes: `push` = database to Notion, `pull` = Notion to database. */
export type SyncDirection = 'push' | 'pull' | 'both';

/** How a field changed to different values on both sides is settled. */
export type ConflictPolicy = 'latest_wins' | 'manual';

/** The side that wins a `latest_wins` conflict when both edits fall in the same minute. */
export type Side = 'local' | 'remote';

/** One column bound to one Notion property. */
export interface FieldMapping {
  /** The column's property name on the Drizzle table, also the key in canonical records. */
  readonly column: string;
  /** The Notion property name. */
  readonly property: string;
  readonly type: MappedPropertyType;
  /** `json`: the column holds an object stored in Notion as JSON text (rich_text only). */
  readonly format?: 'json';
  /** The column cannot be empty: a remote value that is blank fails its record. */
  readonly isRequired?: boolean;
}

/** Binds a table to a Notion data source, column by column. */
export interface SyncMappingDefinition {
  /** The mapping's name, e.g. `agents`; sync state, links and conflicts are keyed by it. */
  readonly name: string;
  /** The rich_text property holding the local id: the idempotency key of every page. */
  readonly keyProperty: string;
  readonly fields: readonly FieldMapping[];
}

/** Canonical values of one record, keyed by column; equal records have equal stable JSON. */
export type RecordValues = Record<string, unknown>;

/** The field of `mapping` bound to `column`, or undefined. */
export function findField(
  mapping: SyncMappingDefinition,
  column: string,
): FieldMapping | undefined {
  return mapping.fields.find((field) => field.column === column);
}

/** The columns of `mapping`, in mapping order. */
export function columnsOf(mapping: SyncMappingDefinition): string[] {
  return mapping.fields.map((field) => field.column);
}
