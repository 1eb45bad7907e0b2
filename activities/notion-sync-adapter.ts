import type { Client, PageObjectResponse, QueryDataSourceParameters } from '@notionhq/client';

import { withSignal } from '../notion/limited-fetch';
import type { NotionIntegration } from '../notion/notion-integration';
import { toNotionError } from '../notion/to-notion-error';
import type { ChangedPagesQuery, NotionPage, PropertySpec, SyncNotion } from './sync-notion';

/**
 * The sync's view of one data source through the typed integration: every call is paced by the
 * shared limiter and fails with a typed `NotionApiError`.
 */
export function createSyncNotion(integration: NotionIntegration, dataSourceId: string): SyncNotion {
  return {
    queryChangedPages: (query, signal) =>
      queryOnePage(integration.client, dataSourceId, query, signal),
    findPageByText: async (property, value, signal) =>
      asPage(await integration.findPageByProperty(dataSourceId, property, value, { signal })),
    findPagesByText: (property, values, signal) =>
      findPagesByText(integration.client, dataSourceId, { property, values }, signal),
    retrievePage: async (pageId, signal) => toPage(await integration.getPage(pageId, { signal })),
    createPage: async (properties, signal) =>
      toPage(
        await integration.createDatabaseEntry(dataSourceId, properties, {
          signal,
        }),
      ),
    updatePage: async (pageId, change, signal) => {
      if (change.inTrash === true) {
        return toPage(await integration.trashPage(pageId, { signal }));
      }
      if (change.inTrash === false) {
        return toPage(await integration.restorePage(pageId, { signal }));
      }
      return toPage(
        await integration.updatePage(pageId, change.properties ?? {}, {
          signal,
        }),
      );
    },
    ensureProperties: (specs, signal) => ensureProperties(integration, dataSourceId, specs, signal),
  };
}

async function queryOnePage(
  client: Client,
  dataSourceId: string,
  query: ChangedPagesQuery,
  signal: AbortSignal | undefined,
) {
  const parameters: QueryDataSourceParameters = {
    data_source_id: dataSourceId,
    sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
    page_size: query.pageSize,
    start_cursor: query.cursor ?? undefined,
    in_trash: query.inTrash,
    filter:
      query.editedSince === undefined
        ? undefined
        : { timestamp: 'last_edited_time', last_edited_time: { on_or_after: query.editedSince } },
  };
  try {
    const response = await withSignal(signal, () => client.dataSources.query(parameters));
    const pages = response.results.filter(
      (result) => result.object === 'page',
    ) as PageObjectResponse[];
    return {
      pages: pages.map(toPage),
      nextCursor: response.has_more ? response.next_cursor : null,
    };
  } catch (error) {
    throw signal?.aborted === true ? signal.reason : toNotionError(error);
  }
}

async function findPagesByText(
  client: Client,
  dataSourceId: string,
  match: { property: string; values: readonly string[] },
  signal: AbortSignal | undefined,
): Promise<NotionPage[]> {
  if (match.values.length === 0) {
    return [];
  }
  const conditions = match.values.map((value) => ({
    property: match.property,
    rich_text: { equals: value },
  }));
  const pages: NotionPage[] = [];
  let cursor: string | null = null;
  do {
    const parameters: QueryDataSourceParameters = {
      data_source_id: dataSourceId,
      filter: { or: conditions },
      page_size: 100,
      start_cursor: cursor ?? undefined,
    };
    const response = await call(signal, () => client.dataSources.query(parameters));
    pages.push(...(response.results.filter(isPage) as PageObjectResponse[]).map(toPage));
    cursor = response.has_more ? response.next_cursor : null;
  } while (cursor !== null);
  return pages;
}

async function call<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await withSignal(signal, run);
  } catch (error) {
    throw signal?.aborted === true ? signal.reason : toNotionError(error);
  }
}

function isPage(result: { object: string }): boolean {
  return result.object === 'page';
}

async function ensureProperties(
  integration: NotionIntegration,
  dataSourceId: string,
  specs: readonly PropertySpec[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const source = await integration.getDataSource(dataSourceId, { signal });
  const existing = Object.entries(source.properties);
  const changes: Record<string, unknown> = {};
  for (const spec of specs) {
    const current = source.properties[spec.name];
    if (current !== undefined) {
      continue;
    }
    const title =
      spec.type === 'title'
        ? existing.find(([, property]) => property.type === 'title')
        : undefined;
    changes[title?.[0] ?? spec.name] =
      title === undefined ? { [spec.type]: {} } : { name: spec.name };
  }
  if (Object.keys(changes).length > 0) {
    await withSignal(signal, () =>
      integration.client.dataSources.update({
        data_source_id: dataSourceId,
        properties: changes as never,
      }),
    ).catch((error: unknown) => {
      throw toNotionError(error);
    });
  }
}

function asPage(page: PageObjectResponse | undefined): NotionPage | undefined {
  return page === undefined ? undefined : toPage(page);
}

function toPage(page: PageObjectResponse): NotionPage {
  return {
    id: page.id,
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    in_trash: page.in_trash,
    properties: page.properties,
  };
}
