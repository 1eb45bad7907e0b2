import type { PageObjectResponse } from '@notionhq/client';

import type { NotionApiError } from './errors';
import type { CallOptions, NotionContext } from './notion-context';
import { fullPage, type PageProperties } from './pages';
import { toNotionError } from './to-notion-error';

/** One page's change: new property values, a move to or out of the trash, or both. */
export interface PageUpdate {
  pageId: string;
  properties?: PageProperties;
  inTrash?: boolean;
}

/** What became of one update: the page as Notion returned it, or the typed failure. */
export type PageUpdateResult =
  | { pageId: string; ok: true; page: PageObjectResponse }
  | { pageId: string; ok: false; error: NotionApiError };

/** Options of `batchUpdatePages`. */
export interface BatchUpdateOptions extends CallOptions {
  /** Updates in flight at once; the limiter still sets the pace. Default 5. */
  concurrency?: number;
  /** Called as each update settles, e.g. to heartbeat progress. */
  onResult?: (result: PageUpdateResult, index: number) => void;
}

/**
 * Applies many page updates under the limiter, one request each (Notion has no batch write), and
 * reports every item's outcome in input order. A failed item does not stop the others; an abort
 * stops the batch and rejects with the signal's reason.
 */
export async function batchUpdatePages(
  ctx: NotionContext,
  updates: readonly PageUpdate[],
  options: BatchUpdateOptions = {},
): Promise<PageUpdateResult[]> {
  const results: PageUpdateResult[] = new Array<PageUpdateResult>(updates.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < updates.length) {
      const index = next;
      next += 1;
      results[index] = await settle(ctx, updates[index]!, options.signal);
      options.onResult?.(results[index], index);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 5, updates.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

async function settle(
  ctx: NotionContext,
  update: PageUpdate,
  signal: AbortSignal | undefined,
): Promise<PageUpdateResult> {
  try {
    const page = await ctx.call(
      (client) =>
        client.pages.update({
          page_id: update.pageId,
          properties: update.properties,
          in_trash: update.inTrash,
        }),
      signal,
    );
    return { pageId: update.pageId, ok: true, page: fullPage(page) };
  } catch (error) {
    if (signal?.aborted === true) {
      throw error;
    }
    return { pageId: update.pageId, ok: false, error: toNotionError(error) };
  }
}
