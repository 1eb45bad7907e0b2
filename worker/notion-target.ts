import { join } from 'node:path';

import type { Logger } from '../core/logger';
import type { NotionConfig } from '../notion/config';
import type { NotionIntegration } from '../notion/notion-integration';
import { readJsonFile, writeJsonFile } from '../dev/stack-files';

/** A database the worker created under `NOTION_PAGE_ID`, remembered so it is created once. */
interface CreatedTarget {
  pageId: string;
  databaseId: string;
  dataSourceId: string;
}

/** The title of the database the worker creates under `NOTION_PAGE_ID`. */
export const targetDatabaseTitle = 'Eco-Bot Agents';

/**
 * The data source the worker syncs with: `NOTION_DATA_SOURCE_ID`, else the first data source of
 * `NOTION_DATABASE_ID`, else a database created once under `NOTION_PAGE_ID` (its id is kept in
 * `<dataDir>/notion-database.json`). The sync adds the properties it needs at its first run.
 */
export async function resolveNotionTarget(
  integration: NotionIntegration,
  config: NotionConfig,
  options: { dataDir: string; logger: Logger },
): Promise<string> {
  if (config.dataSourceId !== undefined) {
    return config.dataSourceId;
  }
  if (config.databaseId !== undefined) {
    return integration.resolveDataSourceId(config.databaseId);
  }
  const pageId = config.pageId ?? '';
  const path = join(options.dataDir, 'notion-database.json');
  const saved = await readJsonFile(path, isCreatedTarget);
  if (saved?.pageId === pageId) {
    return saved.dataSourceId;
  }
  const created = await integration.createDatabase(pageId, targetDatabaseTitle, {
    Name: { title: {} },
  });
  await writeJsonFile(path, { pageId, ...created });
  options.logger.info({ ...created, pageId }, 'Created the Notion database to sync with');
  return created.dataSourceId;
}

function isCreatedTarget(value: unknown): value is CreatedTarget {
  const target = value as Partial<CreatedTarget> | null;
  return (
    typeof target?.pageId === 'string' &&
    typeof target.databaseId === 'string' &&
    typeof target.dataSourceId === 'string'
  );
}
