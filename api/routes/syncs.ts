import { createRoute, z } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import {
  StartedSyncSchema,
  StartSyncSchema,
  SyncListQuerySchema,
  SyncRunDetailSchema,
  SyncRunSchema,
  WorkflowIdParamsSchema,
} from '../schemas/syncs';
import { cancelSync, describeSync, listSyncs, startSync } from '../syncs/sync-runs';
import { guard } from './guard';

const common = { tags: ['syncs'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden };
const unavailable = { 503: { ...notFound, description: 'Temporal is not reachable' } };

const CancelledSchema = z.object({ workflowId: z.string(), status: z.literal('cancel_requested') });

/** Registers the sync run routes: start, list, describe with progress, cancel. */
export function registerSyncRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'syncs', 'run'),
      method: 'post',
      path: '/syncs',
      summary: 'Start a sync run; answers its workflow id and Temporal Web UI link',
      request: { body: jsonBody(StartSyncSchema) },
      responses: { 202: jsonResponse(StartedSyncSchema, 'Started'), ...denied, ...unavailable },
    }),
    async (c) => c.json(await startSync(deps, c.req.valid('json')), 202),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'syncs', 'read'),
      method: 'get',
      path: '/syncs',
      summary: 'The newest sync runs from Temporal visibility with their audit rows',
      request: { query: SyncListQuerySchema },
      responses: {
        200: jsonResponse(z.object({ runs: z.array(SyncRunSchema) }), 'Runs, newest first'),
        ...denied,
        ...unavailable,
      },
    }),
    async (c) => c.json({ runs: await listSyncs(deps, c.req.valid('query').limit) }, 200),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'syncs', 'read'),
      method: 'get',
      path: '/syncs/{id}',
      summary: 'One run: status, live progress and result',
      request: { params: WorkflowIdParamsSchema },
      responses: {
        200: jsonResponse(SyncRunDetailSchema, 'The run'),
        ...denied,
        404: notFound,
        ...unavailable,
      },
    }),
    async (c) => c.json(await describeSync(deps, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'syncs', 'run'),
      method: 'post',
      path: '/syncs/{id}/cancel',
      summary: 'Ask a run to stop',
      request: { params: WorkflowIdParamsSchema },
      responses: {
        202: jsonResponse(CancelledSchema, 'Cancellation requested'),
        ...denied,
        404: notFound,
        ...unavailable,
      },
    }),
    async (c) => c.json(await cancelSync(deps, c.req.valid('param').id), 202),
  );
}
