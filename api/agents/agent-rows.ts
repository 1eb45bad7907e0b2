import { sql } from 'drizzle-orm';

import { agents } from '../../db/schema';
import type { AgentDto } from '../schemas/agents';

/** An agent row as stored. */
export type AgentRow = typeof agents.$inferSelect;

/** `updated_at` printed in UTC with microseconds: the exact key of the list cursor. */
export const cursorTimestamp = sql<string>`to_char(${agents.updatedAt} at time zone 'UTC',
  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The API form of a stored agent: ISO timestamps, `deletedAt` null when live. */
export function toAgentDto(row: AgentRow): AgentDto {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    status: row.status,
    capabilities: row.capabilities,
    metadata: row.metadata,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
