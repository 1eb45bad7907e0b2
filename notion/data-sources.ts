import {
  isFullDataSource,
  isFullDatabase,
  type CreateDatabaseParameters,
  type DataSourceObjectResponse,
} from '@notionhq/client';

import { NotionResponseError } from './errors';
import type { CallOptions, NotionContext } from './notion-context';

/** The schema of a data source: property name to its configuration, in Notion's shape. */
export type PropertySchema = NonNullable<
  NonNullable<CreateDatabaseParameters['initial_data_source']>['properties']
>;

/** A database and its first data source, the one rows are written to. */
export interface CreatedDatabase {
  databaseId: string;
  dataSourceId: string;
}

/** Creates a database under a page with one data source of the given schema. */
export async function createDatabase(
  ctx: NotionContext,
  parentPageId: string,
  title: string,
  properties: PropertySchema,
  options: CallOptions = {},
): Promise<CreatedDatabase> {
  const created = await ctx.call(
    (client) =>
      client.databases.create({
        parent: { type: 'page_id', page_id: parentPageId },
        title: [{ type: 'text', text: { content: title } }],
        initial_data_source: { properties },
      }),
    options.signal,
  );
  return { databaseId: created.id, dataSourceId: firstDataSourceId(created) };
}

/** Returns the id of a database's first data source, for configurations that name a database. */
export async function resolveDataSourceId(
  ctx: NotionContext,
  databaseId: string,
  options: CallOptions = {},
): Promise<string> {
  const database = await ctx.call(
    (client) => client.databases.retrieve({ database_id: databaseId }),
    options.signal,
  );
  return firstDataSourceId(database);
}

/** Reads a data source with its schema. */
export async function getDataSource(
  ctx: NotionContext,
  dataSourceId: string,
  options: CallOptions = {},
): Promise<DataSourceObjectResponse> {
  const response = await ctx.call(
    (client) => client.dataSources.retrieve({ data_source_id: dataSourceId }),
    options.signal,
  );
  if (!isFullDataSource(response)) {
    throw new NotionResponseError(dataSourceId, 'a partial data source without its schema');
  }
  return response;
}

function firstDataSourceId(database: Parameters<typeof isFullDatabase>[0]): string {
  const first = isFullDatabase(database) ? database.data_sources[0] : undefined;
  if (first === undefined) {
    throw new NotionResponseError(database.id, 'a database without a data source');
  }
  return first.id;
}
