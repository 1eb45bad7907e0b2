import { createRoute, z } from '@hono/zod-openapi';

import { insertAgents, updateAgents } from '../agents/agent-batches';
import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import { AgentBatchInsertSchema, AgentBatchUpdateSchema } from '../schemas/agents';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

const common = { tags: ['agents'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 413: tooLarge } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden, 413: tooLarge };

const BatchInsertResultSchema = z
  .object({ inserted: z.number().int(), ids: z.array(z.uuid()) })
  .openapi('AgentBatchInsertResult');

const BatchUpdateResultSchema = z
  .object({ updated: z.number().int(), notFound: z.array(z.uuid()) })
  .openapi('AgentBatchUpdateResult');

/**
 * Registers `POST /agents/batch` and `PATCH /agents/batch`; call before the `/agents/{id}`
 * routes so that `batch` is not taken for an id.
 */
export function registerAgentBatchRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/agents/batch',
      summary: 'Insert up to 1000 agents in one transaction',
      ...guard(authorize, 'agents', 'create'),
      request: { body: jsonBody(AgentBatchInsertSchema) },
      responses: { 201: jsonResponse(BatchInsertResultSchema, 'The new ids, in order'), ...denied },
    }),
    async (c) => {
      const ids = await insertAgents(db, c.req.valid('json').agents);
      return c.json({ inserted: ids.length, ids }, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'patch',
      path: '/agents/batch',
      summary: 'Update up to 1000 agents by id in one transaction',
      ...guard(authorize, 'agents', 'update'),
      request: { body: jsonBody(AgentBatchUpdateSchema) },
      responses: { 200: jsonResponse(BatchUpdateResultSchema, 'How many changed'), ...denied },
    }),
    async (c) => c.json(await updateAgents(db, c.req.valid('json').agents), 200),
  );
}
