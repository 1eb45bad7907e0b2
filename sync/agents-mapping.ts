import type { SyncMappingDefinition } from './mapping';

/**
 * The `agents` table as a Notion data source. `Local ID` carries the row id so that a retried
 * create finds its page; `version` and `updated_at` stay local because every write would change
 * them and echo back as an edit.
 */
export const agentsMapping: SyncMappingDefinition = {
  name: 'agents',
  keyProperty: 'Local ID',
  fields: [
    { column: 'name', property: 'Name', type: 'title', isRequired: true },
    { column: 'role', property: 'Role', type: 'select', isRequired: true },
    { column: 'status', property: 'Status', type: 'select', isRequired: true },
    { column: 'capabilities', property: 'Capabilities', type: 'multi_select' },
    { column: 'metadata', property: 'Metadata', type: 'rich_text', format: 'json' },
  ],
};
