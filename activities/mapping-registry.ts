import { agents } from '../db/schema';
import { agentsMapping } from '../sync/agents-mapping';
import { UnknownMappingError } from './errors';
import type { MappingEntry } from './sync-env';

/** The mappings a worker can sync, by name. */
export type MappingRegistry = Readonly<Record<string, MappingEntry>>;

/** The `agents` table bound to its Notion data source. */
export const agentsEntry: MappingEntry = {
  definition: agentsMapping,
  synced: {
    table: agents,
    columns: {
      id: agents.id,
      updatedAt: agents.updatedAt,
      version: agents.version,
      deletedAt: agents.deletedAt,
    },
  },
  events: { created: 'agent.created', updated: 'agent.updated', deleted: 'agent.deleted' },
};

/** The registry a worker uses unless told otherwise: `agents` only. */
export const defaultMappings: MappingRegistry = { agents: agentsEntry };

/** The entry registered under `name`; throws `UnknownMappingError` otherwise. */
export function entryOf(registry: MappingRegistry, name: string): MappingEntry {
  const entry = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (entry === undefined) {
    throw new UnknownMappingError(name);
  }
  return entry;
}
