import { createRoute } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import { currentUser } from '../middleware/authorize';
import { envelopeErrors } from '../middleware/envelope-errors';
import { handleQuery } from '../query/query-handler';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { QueryRequestSchema, QueryResponseSchema } from '../schemas/query';

const queryRoute = createRoute({
  tags: ['query'],
  method: 'post',
  path: '/query',
  summary: 'Typed queries (agents, tree, data, update, search): validate, route, format',
  request: { body: jsonBody(QueryRequestSchema) },
  responses: {
    200: jsonResponse(QueryResponseSchema, '{ success: true, type, data, error: null }'),
    ...errorResponses,
  },
});

/** Registers `POST /query`; each query type checks its own permissions. */
export function registerQueryRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;
  app.use('/query', envelopeErrors({ data: null }));
  app.openapi({ ...queryRoute, ...guard(authorize, 'query', 'run') }, async (c) => {
    const context = { db, user: currentUser(c), maxDepth: deps.config.treeMaxDepth };
    return c.json(await handleQuery(c.req.valid('json'), context), 200);
  });
}
