import { z } from '@hono/zod-openapi';

import { AgentChangesSchema } from './agents';
import { safeText } from './safe-text';

const limit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

const agentsQuery = z.strictObject({
  type: z.literal('agents'),
  filters: z
    .strictObject({
      role: safeText({ min: 1, max: 100 }).optional(),
      status: safeText({ min: 1, max: 50 }).optional(),
      q: safeText({ min: 1, max: 200 }).optional(),
      includeDeleted: z.boolean().optional(),
    })
    .default({}),
  cursor: z.string().max(200).optional(),
  limit: limit(100, 20),
});

const treeQuery = z.strictObject({
  type: z.literal('tree'),
  operation: z.enum(['node', 'path', 'subtree', 'visualize']),
  id: z.uuid().openapi({ description: 'A node id, or a tree id for `visualize`' }),
  depth: z.number().int().min(0).max(10_000).default(10),
  order: z.enum(['bfs', 'dfs']).default('bfs'),
  limit: limit(10_000, 100),
});

const dataQuery = z.strictObject({
  type: z.literal('data'),
  source: z.enum(['sync_runs', 'conflicts', 'events']),
  limit: limit(100, 20),
});

const updateQuery = z.strictObject({
  type: z.literal('update'),
  target: z.literal('agent'),
  id: z.uuid(),
  changes: AgentChangesSchema,
  version: z.number().int().min(1).optional(),
});

const searchQuery = z.strictObject({
  type: z.literal('search'),
  text: safeText({ min: 1, max: 200 }),
  scope: z
    .array(z.enum(['agents', 'nodes']))
    .min(1)
    .max(2)
    .default(['agents', 'nodes']),
  limit: limit(50, 10),
});

/** `POST /query` body: one typed query, discriminated by `type`. */
export const QueryRequestSchema = z
  .discriminatedUnion('type', [agentsQuery, treeQuery, dataQuery, updateQuery, searchQuery])
  .openapi('QueryRequest');

export type QueryRequest = z.infer<typeof QueryRequestSchema>;

/**
 * `POST /query` answer: `{ success, type, data, error }` as the original query handler formats it.
 */
export const QueryResponseSchema = z
  .object({
    success: z.literal(true),
    type: z.enum(['agents', 'tree', 'data', 'update', 'search']),
    data: z.unknown(),
    error: z.null(),
  })
  .openapi('QueryResponse');
