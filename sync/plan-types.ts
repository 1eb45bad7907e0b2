import type {
  ConflictPolicy,
  RecordValues,
  Side,
  SyncDirection,
  SyncMappingDefinition,
} from './mapping';
import type { FieldConflict } from './merge';

/** What a link row says both sides agreed on at the last sync. */
export interface LinkState {
  pageId: string;
  base: RecordValues;
  isTrashed: boolean;
  /** The link of a create whose reply never came back, now matched to its page by the key. */
  isPending?: boolean;
}

/** A row of the mapped table, in canonical form. */
export interface LocalState {
  id: string;
  values: RecordValues;
  /** ISO `updated_at`. */
  updatedAt: string;
  isDeleted: boolean;
}

/** A Notion page of the data source, in canonical form. */
export interface RemoteState {
  pageId: string;
  values: RecordValues;
  /** ISO `last_edited_time`, floored to the minute by Notion. */
  editedAt: string;
  isTrashed: boolean;
  /** The value of the key property, when the page has one. */
  localId: string | undefined;
}

/** The settings every record of one run is planned with. */
export interface PlanContext {
  mapping: SyncMappingDefinition;
  direction: SyncDirection;
  policy: ConflictPolicy;
  /** Who wins a `latest_wins` conflict when both edits fall in the same minute. */
  tieBreaker: Side;
}

/**
 * One record as the run found it. `remote` is undefined when the run did not read the page, in
 * which case the page is taken to still hold the base.
 */
export interface PlanInput {
  link?: LinkState;
  local?: LocalState;
  remote?: RemoteState;
  hasOpenConflict?: boolean;
}

/** The write a plan asks of Notion. */
export type RemoteAction =
  | { type: 'none' }
  | { type: 'create'; values: RecordValues }
  | { type: 'update'; values: RecordValues; restore: boolean; setKey: boolean }
  | { type: 'trash' };

/** The write a plan asks of the database. */
export type LocalAction =
  | { type: 'none' }
  | { type: 'insert'; values: RecordValues; id: string | undefined }
  | { type: 'update'; values: RecordValues; restore: boolean }
  | { type: 'soft_delete' };

/** The kind of a record's plan, for counts, logs and the dry-run report. */
export type PlanKind =
  | 'create'
  | 'update'
  | 'pull'
  | 'merge'
  | 'insert'
  | 'trash'
  | 'delete_local'
  | 'restore'
  /** Row and page already agree with no link between them (a create whose reply was lost). */
  | 'link'
  | 'conflict'
  | 'skip'
  | 'invalid';

/** What one record needs, decided before anything is sent. */
export interface RecordPlan {
  kind: PlanKind;
  remote: RemoteAction;
  local: LocalAction;
  /** The base to store once the writes are done; undefined leaves the link as it is. */
  nextBase?: RecordValues;
  /** Whether the link ends up marking both sides deleted. */
  isLinkTrashed?: boolean;
  /** Conflicting fields: waiting for a person under `manual`, settled under `latest_wins`. */
  conflicts: FieldConflict[];
  /** Notion requests the plan will send: 0 or 1. */
  cost: number;
  /** Why the record is skipped or invalid. */
  problem?: string;
}
