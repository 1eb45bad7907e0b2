import type { PropertyValueWrite } from '../notion/property-codecs';

/** A page as the sync reads it: Notion's page object, reduced to what the engine uses. */
export interface NotionPage {
  id: string;
  last_edited_time: string;
  created_time: string;
  in_trash: boolean;
  properties: Record<string, unknown>;
}

/** One page of a data-source query. */
export interface PageBatch {
  pages: NotionPage[];
  nextCursor: string | null;
}

/** A query of the synced data source: pages edited on or after `editedSince`, oldest first. */
export interface ChangedPagesQuery {
  /** ISO instant; undefined reads every page. */
  editedSince: string | undefined;
  cursor: string | null;
  pageSize: number;
  /** Read the trash instead of the live pages. */
  inTrash: boolean;
}

/** A property the data source must have, by name and type. */
export interface PropertySpec {
  name: string;
  type: string;
}

/**
 * The Notion calls the sync engine makes, each one request. Implementations throw the typed
 * errors of `notion/errors.ts` (`NotionApiError` with `isRetryable`, `NotionValidationError`,
 * `NotionNotFoundError`), and honour `signal` so a cancelled activity stops waiting.
 */
export interface SyncNotion {
  queryChangedPages(query: ChangedPagesQuery, signal?: AbortSignal): Promise<PageBatch>;
  /** The live pages whose rich_text `property` equals one of `values` (at most 50). */
  findPagesByText(
    property: string,
    values: readonly string[],
    signal?: AbortSignal,
  ): Promise<NotionPage[]>;
  /** The live page whose rich_text `property` equals `value`, if any. */
  findPageByText(
    property: string,
    value: string,
    signal?: AbortSignal,
  ): Promise<NotionPage | undefined>;
  retrievePage(pageId: string, signal?: AbortSignal): Promise<NotionPage>;
  createPage(
    properties: Record<string, PropertyValueWrite>,
    signal?: AbortSignal,
  ): Promise<NotionPage>;
  updatePage(
    pageId: string,
    change: { properties?: Record<string, PropertyValueWrite>; inTrash?: boolean },
    signal?: AbortSignal,
  ): Promise<NotionPage>;
  /** Adds the missing properties to the data source and names its title property; idempotent. */
  ensureProperties(specs: readonly PropertySpec[], signal?: AbortSignal): Promise<void>;
}
