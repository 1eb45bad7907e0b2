import { createRoute } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import { currentUser } from '../middleware/authorize';
import { errorResponses, IdParamsSchema, jsonBody, jsonResponse } from '../schemas/common';
import { CreatedTreeSchema, NewTreeSchema, VisualizationSchema } from '../schemas/trees';
import { createTreeFor, visualizeFor } from '../trees/tree-service';

const common = { tags: ['trees'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden };

/** Registers `POST /trees` and `GET /trees/{id}/visualization`. */
export function registerTreeRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/trees',
      summary: 'Create a GBTS tree with its seed node; the caller owns it',
      ...guard(authorize, 'trees', 'create'),
      request: { body: jsonBody(NewTreeSchema) },
      responses: { 201: jsonResponse(CreatedTreeSchema, 'The tree and its root'), ...denied },
    }),
    async (c) => c.json(await createTreeFor(db, currentUser(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/trees/{id}/visualization',
      summary: 'The tree as nodes and links, grouped by GBTS stage',
      ...guard(authorize, 'trees', 'read'),
      request: { params: IdParamsSchema },
      responses: {
        200: jsonResponse(VisualizationSchema, '{ nodes, links }'),
        ...denied,
        404: notFound,
      },
    }),
    async (c) => c.json(await visualizeFor(db, currentUser(c), c.req.valid('param').id), 200),
  );
}
