import { createRoute } from '@hono/zod-openapi';

import { getAgent, createAgent, softDeleteAgent, updateAgent } from '../agents/agent-writes';
import { agentPageKey, listAgents } from '../agents/list-agents';
import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import {
  AgentListQuerySchema,
  AgentPageSchema,
  AgentPatchSchema,
  AgentSchema,
  NewAgentSchema,
} from '../schemas/agents';
import { errorResponses, IdParamsSchema, jsonBody, jsonResponse } from '../schemas/common';
import { z } from '@hono/zod-openapi';

const tags = ['agents'];
const common = { tags };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden };

const IncludeDeletedSchema = z.strictObject({
  includeDeleted: z.enum(['true', 'false']).optional(),
});

/** Registers the single-agent routes: list, get, create, patch and soft delete. */
export function registerAgentRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;
  const { agentLists } = deps;

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/agents',
      summary: 'List agents, most recently updated first, with filters and a cursor',
      ...guard(authorize, 'agents', 'read'),
      request: { query: AgentListQuerySchema },
      responses: { 200: jsonResponse(AgentPageSchema, 'A page of agents'), ...denied },
    }),
    async (c) => {
      const { includeDeleted, ...query } = c.req.valid('query');
      const filter = { ...query, isDeletedIncluded: includeDeleted === 'true' };
      const load = () => listAgents(db, filter);
      const page = await (agentLists?.read(agentPageKey(filter), load) ?? load());
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/agents/{id}',
      summary: 'Get one agent',
      ...guard(authorize, 'agents', 'read'),
      request: { params: IdParamsSchema, query: IncludeDeletedSchema },
      responses: { 200: jsonResponse(AgentSchema, 'The agent'), ...denied, 404: notFound },
    }),
    async (c) => {
      const isDeletedIncluded = c.req.valid('query').includeDeleted === 'true';
      return c.json(await getAgent(db, c.req.valid('param').id, isDeletedIncluded), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/agents',
      summary: 'Create an agent',
      ...guard(authorize, 'agents', 'create'),
      request: { body: jsonBody(NewAgentSchema) },
      responses: { 201: jsonResponse(AgentSchema, 'The new agent'), ...denied },
    }),
    async (c) => c.json(await createAgent(db, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'patch',
      path: '/agents/{id}',
      summary: 'Change an agent; bumps its version',
      ...guard(authorize, 'agents', 'update'),
      request: { params: IdParamsSchema, body: jsonBody(AgentPatchSchema) },
      responses: { 200: jsonResponse(AgentSchema, 'The changed agent'), ...denied, 404: notFound },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid('json');
      return c.json(await updateAgent(db, c.req.valid('param').id, changes, version), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: '/agents/{id}',
      summary: 'Soft-delete an agent (sets deletedAt)',
      ...guard(authorize, 'agents', 'delete'),
      request: { params: IdParamsSchema },
      responses: { 200: jsonResponse(AgentSchema, 'The deleted agent'), ...denied, 404: notFound },
    }),
    async (c) => c.json(await softDeleteAgent(db, c.req.valid('param').id), 200),
  );
}
