import type { NotionErrorCode } from './error-codes';
import type { FaultMatch } from './faults';
import type { JsonObject } from './model';
import type { RateLimitSetting } from './rate-limit';
import type { RequestLogEntry } from './request-log';

/** A workspace made through the control surface: its integration token and its objects. */
export interface WorkspaceHandle {
  workspaceId: string;
  name: string;
  token: string;
  parentPageId: string;
  botUserId: string;
  personUserId: string;
}

/** The database (and its one data source) that `createDemoDatabase` made. */
export interface DemoDatabase {
  databaseId: string;
  dataSourceId: string;
}

/** Options of `createDemoDatabase`; the schema defaults to `demoProperties` plus a relation. */
export interface DemoDatabaseOptions {
  title?: string;
  properties?: JsonObject;
  /** Adds a `Related` relation property that points back at the data source itself. */
  withSelfRelation?: boolean;
}

/** A change a person makes in Notion's UI: property values and the trash flag. */
export interface HumanEdit {
  properties?: JsonObject;
  inTrash?: boolean;
}

/** Options of `failNext`: the next `count` (default 1) matching requests fail. */
export interface FailNextOptions extends FaultMatch {
  status: number;
  /** Defaults to Notion's code for the status (503 gives `service_unavailable`). */
  code?: NotionErrorCode;
  message?: string;
  count?: number;
  /** Apply the request before answering with the error, as a gateway timeout after commit does. */
  isAppliedFirst?: boolean;
}

/** Options of `failShare`: each matching request fails with `probability` (0–1). */
export interface FailShareOptions extends FaultMatch {
  probability: number;
  statuses: number[];
  code?: NotionErrorCode;
  /** Seeds the generator so the same requests fail on every run; default 1. */
  seed?: number;
}

/**
 * The emulator's control surface for tests, benchmarks and the demo; not part of Notion's API.
 * Fault methods return an id for `removeFault`.
 */
export interface EmulatorControl {
  createWorkspace(options?: { name?: string }): WorkspaceHandle;
  createDemoDatabase(token: string, options?: DemoDatabaseOptions): DemoDatabase;
  editPageAsHuman(pageId: string, edit: HumanEdit): JsonObject;
  /**
   * Creates rows straight in the store, bypassing HTTP, the rate limit and faults; each entry is
   * a `properties` object in request shape, validated as a POST would be. Returns the page ids.
   */
  seedPages(dataSourceId: string, rows: readonly JsonObject[]): string[];
  now(): Date;
  advanceClock(ms: number): void;
  /** Sets the time; frozen (default) stays there until advanced, otherwise it keeps ticking. */
  setClock(at: Date | number | string, options?: { isFrozen?: boolean }): void;
  failNext(options: FailNextOptions): string;
  failShare(options: FailShareOptions): string;
  addLatency(options: FaultMatch & { ms: number; count?: number }): string;
  /** The next `count` (default 1) matching requests are never answered. */
  hangNext(options?: FaultMatch & { count?: number }): string;
  /** The next `count` (default 1) matching requests are applied, then the socket is closed. */
  dropReplyNext(options?: FaultMatch & { count?: number }): string;
  removeFault(id: string): void;
  clearFaults(): void;
  setRateLimit(setting: RateLimitSetting | false): void;
  rateLimit(): RateLimitSetting | false;
  requestLog(): RequestLogEntry[];
  routeCounts(): Record<string, number>;
  statusCounts(): Record<string, number>;
  clearRequestLog(): void;
  reset(): void;
}
