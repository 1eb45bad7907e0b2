import { createRoute, z } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { currentUser } from '../middleware/authorize';
import { errorResponses, IdParamsSchema, jsonBody, jsonResponse } from '../schemas/common';
import {
  ConflictListQuerySchema,
  ConflictOutcomeSchema,
  ConflictSchema,
  ResolveConflictSchema,
} from '../schemas/syncs';
import { getConflict, listConflicts, resolveConflict } from '../syncs/conflicts';
import { guard } from './guard';

const common = { tags: ['conflicts'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden };

/** Registers the manual conflict routes: list, get, resolve. */
export function registerConflictRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'conflicts', 'read'),
      method: 'get',
      path: '/conflicts',
      summary: 'The newest conflicts',
      request: { query: ConflictListQuerySchema },
      responses: {
        200: jsonResponse(z.object({ conflicts: z.array(ConflictSchema) }), 'Conflicts'),
        ...denied,
      },
    }),
    async (c) => c.json({ conflicts: await listConflicts(deps, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'conflicts', 'read'),
      method: 'get',
      path: '/conflicts/{id}',
      summary: 'One conflict with base, local and remote values per field',
      request: { params: IdParamsSchema },
      responses: { 200: jsonResponse(ConflictSchema, 'The conflict'), ...denied, 404: notFound },
    }),
    async (c) => c.json(await getConflict(deps, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'conflicts', 'resolve'),
      method: 'post',
      path: '/conflicts/{id}/resolve',
      summary: 'Resolve with local, remote or merged values; answers the Update outcome',
      request: { params: IdParamsSchema, body: jsonBody(ResolveConflictSchema) },
      responses: {
        200: jsonResponse(ConflictOutcomeSchema, 'Both sides hold the chosen values'),
        ...denied,
        404: notFound,
        409: { ...notFound, description: 'Resolved already' },
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const outcome = await resolveConflict(deps, currentUser(c), id, c.req.valid('json'));
      return c.json(outcome, 200);
    },
  );
}
