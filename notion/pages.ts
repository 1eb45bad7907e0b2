import {
  isFullPage,
  type BlockObjectRequest,
  type CreatePageParameters,
  type GetPagePropertyResponse,
  type PageObjectResponse,
} from '@notionhq/client';

import { appendBlocks, maxChildrenPerAppend } from './blocks';
import { NotionResponseError } from './errors';
import type { CallOptions, NotionContext } from './notion-context';

/** Property values keyed by property name or id, in Notion's write shape. */
export type PageProperties = NonNullable<CreatePageParameters['properties']>;

/** Where a new page goes: `{ page_id }` or `{ data_source_id }` (a database entry). */
export type PageParent = NonNullable<CreatePageParameters['parent']>;

/**
 * Creates a page with optional content. Notion takes 100 blocks with the page; the rest is appended
 * afterwards in chunks, so a failure there leaves a page with part of its content.
 */
export async function createPage(
  ctx: NotionContext,
  parent: PageParent,
  properties: PageProperties,
  children: readonly BlockObjectRequest[] = [],
  options: CallOptions = {},
): Promise<PageObjectResponse> {
  const first = children.slice(0, maxChildrenPerAppend);
  const created = await ctx.call(
    (client) => client.pages.create({ parent, properties, children: first }),
    options.signal,
  );
  const page = fullPage(created);
  if (children.length > first.length) {
    await appendBlocks(ctx, page.id, children.slice(first.length), options);
  }
  return page;
}

/** Creates a row of a data source. */
export function createDatabaseEntry(
  ctx: NotionContext,
  dataSourceId: string,
  properties: PageProperties,
  options: CallOptions = {},
): Promise<PageObjectResponse> {
  const parent = { type: 'data_source_id' as const, data_source_id: dataSourceId };
  return createPage(ctx, parent, properties, [], options);
}

/** Reads a page with its property values (at most 25 items of a relation; see getPageProperty). */
export async function getPage(
  ctx: NotionContext,
  pageId: string,
  options: CallOptions = {},
): Promise<PageObjectResponse> {
  return fullPage(
    await ctx.call((client) => client.pages.retrieve({ page_id: pageId }), options.signal),
  );
}

/** Sets some properties of a page; the ones not named keep their values. */
export async function updatePage(
  ctx: NotionContext,
  pageId: string,
  properties: PageProperties,
  options: CallOptions = {},
): Promise<PageObjectResponse> {
  const updated = await ctx.call(
    (client) => client.pages.update({ page_id: pageId, properties }),
    options.signal,
  );
  return fullPage(updated);
}

/** Moves a page to the trash (`in_trash: true`); Notion has no permanent delete. */
export function trashPage(ctx: NotionContext, pageId: string, options: CallOptions = {}) {
  return setInTrash(ctx, pageId, true, options);
}

/** Takes a page out of the trash. */
export function restorePage(ctx: NotionContext, pageId: string, options: CallOptions = {}) {
  return setInTrash(ctx, pageId, false, options);
}

async function setInTrash(
  ctx: NotionContext,
  pageId: string,
  inTrash: boolean,
  options: CallOptions,
): Promise<PageObjectResponse> {
  const updated = await ctx.call(
    (client) => client.pages.update({ page_id: pageId, in_trash: inTrash }),
    options.signal,
  );
  return fullPage(updated);
}

/**
 * Reads one property in full through the page-property endpoint, following its pages, and returns
 * it as a property object (`{ id, type, relation: [...] }`) that `decodeProperty` reads.
 */
export async function getPageProperty(
  ctx: NotionContext,
  pageId: string,
  propertyId: string,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (;;) {
    const response: GetPagePropertyResponse = await ctx.call(
      (client) =>
        client.pages.properties.retrieve({
          page_id: pageId,
          property_id: propertyId,
          start_cursor: cursor,
        }),
      options.signal,
    );
    if (response.object !== 'list') {
      return response;
    }
    const { type, id } = response.property_item;
    items.push(...response.results.map((item) => (item as Record<string, unknown>)[type]));
    cursor = response.next_cursor ?? undefined;
    if (cursor === undefined) {
      return { id, type, [type]: items, has_more: false };
    }
  }
}

/** Narrows a page reply; a partial page means the token cannot read its properties. */
export function fullPage(response: { id: string; object: string }): PageObjectResponse {
  if (!isFullPage(response as PageObjectResponse)) {
    throw new NotionResponseError(response.id, 'a partial page without properties');
  }
  return response as PageObjectResponse;
}
