import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
import type { EventType } from '../db/events';
import type { ConflictPolicy, Side, SyncDirection, SyncMappingDefinition } from '../sync/mapping';
import type { LinkBuffer } from './link-buffer';
import type { SyncedTable } from './local-table';
import type { SyncNotion } from './sync-notion';

/** Event types a mapping emits when the sync changes its rows. */
export interface RowEventTypes {
  created: EventType;
  updated: EventType;
  deleted: EventType;
}

/** A mapping the worker can sync: its definition and the table behind it. */
export interface MappingEntry {
  definition: SyncMappingDefinition;
  synced: SyncedTable;
  events?: RowEventTypes;
}

/** What every record of one activity call works with. */
export interface SyncEnv {
  db: Db;
  notion: SyncNotion;
  logger: Logger;
  entry: MappingEntry;
  signal: AbortSignal | undefined;
  /** Link saves waiting for the next checkpoint of the batch. */
  links: LinkBuffer;
}

/** The settings of a run that every activity input carries. */
export interface RunContext {
  mapping: string;
  direction: SyncDirection;
  policy: ConflictPolicy;
  tieBreaker: Side;
  isDryRun: boolean;
  /** The workflow id, shared by every continued run of the sync. */
  workflowId: string;
  /** The run id of the first run; with `workflowId` it keys the audit row. */
  runId: string;
}

/** What a batch activity is built from; the batch adds its own signal and link buffer. */
export type BatchDependencies = Pick<SyncEnv, 'db' | 'notion' | 'logger' | 'entry'>;
