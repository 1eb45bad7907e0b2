import type { JsonObject } from './model';

/**
 * The demo data source's schema: one property of every type the sync's codecs handle, shaped
 * after the `agents` table (a `Local ID` column carries the row's id for idempotent creates).
 */
export const demoProperties: JsonObject = {
  Name: { title: {} },
  'Local ID': { rich_text: {} },
  Role: {
    select: {
      options: [
        { name: 'recycling_expert' },
        { name: 'energy_advisor' },
        { name: 'water_analyst' },
      ],
    },
  },
  Status: { status: {} },
  Capabilities: { multi_select: { options: [] } },
  Description: { rich_text: {} },
  Version: { number: { format: 'number' } },
  Active: { checkbox: {} },
  'Updated At': { date: {} },
  Website: { url: {} },
  Email: { email: {} },
  Phone: { phone_number: {} },
  Created: { created_time: {} },
  'Last Edited': { last_edited_time: {} },
};
