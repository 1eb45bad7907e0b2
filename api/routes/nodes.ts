import { createRoute } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import { currentUser } from '../middleware/authorize';
import { errorResponses, IdParamsSchema, jsonBody, jsonResponse } from '../schemas/common';
import {
  CreatedNodeSchema,
  NewNodeSchema,
  NodePathSchema,
  NodeSchema,
  SubtreeSchema,
  subtreeQuerySchema,
} from '../schemas/trees';
import { PathCache } from '../trees/path-cache';
import { createNodeFor, getNodeFor, getPathFor, getSubtreeFor } from '../trees/tree-service';

const common = { tags: ['trees'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden };
const missing = { ...denied, 404: notFound };

/** Registers `POST /nodes` and the node reads: the node, its path and its subtree. */
export function registerNodeRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;
  const { treeMaxDepth } = deps.config;
  const pathCache = new PathCache();

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/nodes',
      summary: 'Add a node under a parent; answers its id and the path from the root',
      ...guard(authorize, 'trees', 'create'),
      request: { body: jsonBody(NewNodeSchema) },
      responses: {
        201: jsonResponse(CreatedNodeSchema, 'The node and its tree path'),
        ...denied,
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const created = await createNodeFor(db, currentUser(c), c.req.valid('json'), treeMaxDepth);
      return c.json({ node: created.node, treePath: created.treePath }, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/nodes/{id}',
      summary: 'Get one node',
      ...guard(authorize, 'trees', 'read'),
      request: { params: IdParamsSchema },
      responses: { 200: jsonResponse(NodeSchema, 'The node'), ...missing },
    }),
    async (c) => c.json(await getNodeFor(db, currentUser(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/nodes/{id}/path',
      summary: 'The path from the root down to the node',
      ...guard(authorize, 'trees', 'read'),
      request: { params: IdParamsSchema },
      responses: { 200: jsonResponse(NodePathSchema, 'Root first'), ...missing },
    }),
    async (c) => {
      const path = await getPathFor(db, currentUser(c), c.req.valid('param').id, pathCache);
      return c.json(path, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/nodes/{id}/subtree',
      summary: 'The node and its descendants, depth-limited, in BFS or DFS order',
      ...guard(authorize, 'trees', 'read'),
      request: { params: IdParamsSchema, query: subtreeQuerySchema(treeMaxDepth) },
      responses: { 200: jsonResponse(SubtreeSchema, 'The subtree'), ...missing },
    }),
    async (c) => {
      const subtree = await getSubtreeFor(
        db,
        currentUser(c),
        c.req.valid('param').id,
        c.req.valid('query'),
      );
      return c.json(subtree, 200);
    },
  );
}
