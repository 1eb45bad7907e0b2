import { createRoute, z } from '@hono/zod-openapi';

import type { ApiApp, RouteContext } from '../app-env';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import {
  ScheduleIdParamsSchema,
  ScheduleNoteSchema,
  SchedulePatchSchema,
  ScheduleSchema,
} from '../schemas/syncs';
import {
  describeSchedule,
  scheduleIdOf,
  setPaused,
  setScheduleInterval,
  triggerSchedule,
} from '../syncs/schedules';
import { guard } from './guard';

const common = { tags: ['schedules'] };
const { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound } = errorResponses;
const denied = { 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound };

const TriggeredSchema = z.object({ id: z.string(), status: z.literal('triggered') });

/** Registers the schedule routes: describe, pause, unpause, trigger, change the interval. */
export function registerScheduleRoutes(app: ApiApp, { deps, authorize }: RouteContext): void {
  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'schedules', 'read'),
      method: 'get',
      path: '/schedules',
      summary: 'The sync schedule',
      responses: {
        200: jsonResponse(z.object({ schedules: z.array(ScheduleSchema) }), 'Schedules'),
        ...denied,
      },
    }),
    async (c) => c.json({ schedules: [await describeSchedule(deps, scheduleIdOf(deps))] }, 200),
  );

  for (const [verb, isPaused] of [
    ['pause', true],
    ['unpause', false],
  ] as const) {
    app.openapi(
      createRoute({
        ...common,
        ...guard(authorize, 'schedules', 'run'),
        method: 'post',
        path: `/schedules/{id}/${verb}`,
        summary: `${verb === 'pause' ? 'Pause' : 'Unpause'} the schedule`,
        request: { params: ScheduleIdParamsSchema, body: jsonBody(ScheduleNoteSchema) },
        responses: { 200: jsonResponse(ScheduleSchema, 'The schedule'), ...denied },
      }),
      async (c) => {
        const { note } = c.req.valid('json');
        return c.json(await setPaused(deps, c.req.valid('param').id, isPaused, note), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'schedules', 'run'),
      method: 'post',
      path: '/schedules/{id}/trigger',
      summary: 'Start one run now',
      request: { params: ScheduleIdParamsSchema },
      responses: { 202: jsonResponse(TriggeredSchema, 'Triggered'), ...denied },
    }),
    async (c) => c.json(await triggerSchedule(deps, c.req.valid('param').id), 202),
  );

  app.openapi(
    createRoute({
      ...common,
      ...guard(authorize, 'schedules', 'update'),
      method: 'patch',
      path: '/schedules/{id}',
      summary: 'Change the interval between runs',
      request: { params: ScheduleIdParamsSchema, body: jsonBody(SchedulePatchSchema) },
      responses: { 200: jsonResponse(ScheduleSchema, 'The schedule'), ...denied },
    }),
    async (c) => {
      const { intervalSeconds } = c.req.valid('json');
      return c.json(await setScheduleInterval(deps, c.req.valid('param').id, intervalSeconds), 200);
    },
  );
}
