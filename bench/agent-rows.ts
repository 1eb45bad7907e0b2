import type { agents } from '../db/schema';

/** A new agent row as the benchmarks insert it. */
export type AgentRow = Required<
  Pick<typeof agents.$inferInsert, 'name' | 'role' | 'status' | 'capabilities' | 'metadata'>
>;

const roles = ['recycling_expert', 'energy_advisor', 'water_steward', 'biodiversity_guide'];
const statuses = ['active', 'idle', 'training'];

/** `count` realistic agent rows, the same on every run. */
export function agentRows(count: number, tag = ''): AgentRow[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `Agent ${index}${tag} — "eco" helper`,
    role: roles[index % roles.length] ?? 'generalist',
    status: statuses[index % statuses.length] ?? 'active',
    capabilities: ['search', `skill-${index % 11}`, index % 2 === 0 ? 'summarise' : 'translate'],
    metadata: { region: `region-${index % 50}`, score: (index % 1000) / 10, tags: ['a', 'b'] },
  }));
}

/** The columns `copyLines` writes, in order. */
export const copyColumns = ['name', 'role', 'status', 'capabilities', 'metadata'] as const;

/** The rows as COPY text-format lines (tab-separated, backslash-escaped), one per row. */
export function* copyLines(rows: readonly AgentRow[], batch = 5_000): Generator<string> {
  for (let start = 0; start < rows.length; start += batch) {
    const lines = rows
      .slice(start, start + batch)
      .map((row) =>
        [
          row.name,
          row.role,
          row.status,
          JSON.stringify(row.capabilities),
          JSON.stringify(row.metadata),
        ]
          .map(copyEscape)
          .join('\t'),
      );
    yield `${lines.join('\n')}\n`;
  }
}

function copyEscape(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
  );
}
