import type { JsonObject } from '../dev/notion-emulator/model';
import type { NotionEmulator } from '../dev/notion-emulator/server';

/** The agents data source as the sync expects it: the mapping's properties and the key. */
export const benchProperties: JsonObject = {
  Name: { title: {} },
  'Local ID': { rich_text: {} },
  Role: { select: { options: [] } },
  Status: { select: { options: [] } },
  Capabilities: { multi_select: { options: [] } },
  Metadata: { rich_text: {} },
};

/** A workspace token and data source made for one benchmark scenario. */
export interface BenchDataSource {
  token: string;
  dataSourceId: string;
}

/**
 * Creates a workspace of its own and an agents data source in it, with the full schema, so the
 * engine and the baselines it is compared with start from the same data source.
 */
export function benchDataSource(emulator: NotionEmulator): BenchDataSource {
  const workspace = emulator.control.createWorkspace({ name: 'Sync benchmark' });
  const { dataSourceId } = emulator.control.createDemoDatabase(workspace.token, {
    title: 'Agents',
    properties: benchProperties,
  });
  return { token: workspace.token, dataSourceId };
}

/** The total of the emulator's per-route counts: every request it saw, whatever its status. */
export function countRequests(routes: Record<string, number>): number {
  return Object.values(routes).reduce((sum, count) => sum + count, 0);
}
