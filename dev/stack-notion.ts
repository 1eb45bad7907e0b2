import { join } from 'node:path';

import type { Logger } from '../core/logger';
import { agentsMapping } from '../sync/agents-mapping';
import type { SyncMappingDefinition } from '../sync/mapping';
import type { DemoDatabase, WorkspaceHandle } from './notion-emulator/control';
import type { JsonObject } from './notion-emulator/model';
import { startNotionEmulator, type NotionEmulator } from './notion-emulator/server';
import { readJsonFile, writeJsonFile } from './stack-files';

/** The emulator's demo workspace and database, remembered across restarts. */
export interface DemoNotion extends DemoDatabase {
  token: string;
  parentPageId: string;
}

/** The stack's running emulator and the Notion settings that point the service at it. */
export interface StackEmulator {
  emulator: NotionEmulator;
  demo: DemoNotion;
  /** `NOTION_API_KEY`, `NOTION_BASE_URL` and `NOTION_DATA_SOURCE_ID` of the demo database. */
  env: Record<string, string>;
}

const notionVersion = '2025-09-03';

/**
 * Starts the Notion emulator on `port` with its pages kept in `<dataDir>/notion-emulator.json`,
 * and a demo workspace and database made on the first start and found again on later ones.
 */
export async function startStackEmulator(
  dataDir: string,
  port: number,
  logger: Logger,
): Promise<StackEmulator> {
  const emulator = await startNotionEmulator({
    port,
    persistPath: join(dataDir, 'notion-emulator.json'),
  });
  try {
    const demo = await ensureDemo(emulator, join(dataDir, 'notion-demo.json'), logger);
    const env = {
      NOTION_API_KEY: demo.token,
      NOTION_BASE_URL: emulator.baseUrl,
      NOTION_DATA_SOURCE_ID: demo.dataSourceId,
    };
    return { emulator, demo, env };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

async function ensureDemo(
  emulator: NotionEmulator,
  path: string,
  logger: Logger,
): Promise<DemoNotion> {
  const saved = await readJsonFile(path, isDemoNotion);
  if (saved !== undefined && (await isDataSourceReachable(emulator, saved))) {
    return saved;
  }
  const workspace: WorkspaceHandle = emulator.control.createWorkspace({ name: 'Eco-Bot demo' });
  const database = emulator.control.createDemoDatabase(workspace.token, {
    title: 'Eco-Bot Agents',
    properties: mappedProperties(agentsMapping),
  });
  const demo = { ...database, token: workspace.token, parentPageId: workspace.parentPageId };
  await writeJsonFile(path, demo);
  logger.info({ dataSourceId: demo.dataSourceId }, 'Created the demo Notion workspace');
  return demo;
}

/** The schema a mapping syncs with: each field's property with its type, plus the key property. */
export function mappedProperties(mapping: SyncMappingDefinition): JsonObject {
  const properties: JsonObject = { [mapping.keyProperty]: { rich_text: {} } };
  for (const field of mapping.fields) {
    properties[field.property] = { [field.type]: {} };
  }
  return properties;
}

/** Whether the emulator knows the saved data source, i.e. its state file came back too. */
async function isDataSourceReachable(emulator: NotionEmulator, demo: DemoNotion): Promise<boolean> {
  const response = await fetch(`${emulator.url}/data_sources/${demo.dataSourceId}`, {
    headers: { Authorization: `Bearer ${demo.token}`, 'Notion-Version': notionVersion },
  });
  await response.body?.cancel();
  return response.ok;
}

function isDemoNotion(value: unknown): value is DemoNotion {
  const demo = value as Partial<DemoNotion> | null;
  return (
    typeof demo?.token === 'string' &&
    typeof demo.databaseId === 'string' &&
    typeof demo.dataSourceId === 'string' &&
    typeof demo.parentPageId === 'string'
  );
}
