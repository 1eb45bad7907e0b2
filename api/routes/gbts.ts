import { createRoute } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { guard } from './guard';
import { handleGbtsRequest } from '../gbts/gbts-handler';
import { currentUser } from '../middleware/authorize';
import { envelopeErrors } from '../middleware/envelope-errors';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { GbtsRequestSchema, GbtsResponseSchema } from '../schemas/gbts';

const gbtsRoute = createRoute({
  tags: ['trees'],
  method: 'post',
  path: '/gbts',
  summary: 'The GBTS action envelope: { action, data } answered with { success, ... }',
  request: { body: jsonBody(GbtsRequestSchema) },
  responses: {
    200: jsonResponse(GbtsResponseSchema, 'The action succeeded'),
    ...errorResponses,
  },
});

/** Registers `POST /gbts`; each action checks its own `trees` permission. */
export function registerGbtsRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  const db = deps.db.db;
  app.use('/gbts', envelopeErrors());
  app.openapi({ ...gbtsRoute, ...guard(authorize, 'trees', 'read') }, async (c) => {
    const context = { db, user: currentUser(c), maxDepth: deps.config.treeMaxDepth };
    return c.json(await handleGbtsRequest(c.req.valid('json'), context), 200);
  });
}
