import { createRoute, z } from '@hono/zod-openapi';

import type { RouteRegistrar } from '../app-env';
import { ValidationError } from '../errors';
import { WindowRangeError } from '../realtime/errors';
import type { RealTimeProcessor } from '../realtime/real-time-processor';
import { maxWindows, namedWindows } from '../realtime/tumbling-windows';
import { bearerSecurity, errorResponses, jsonResponse } from '../schemas/common';

/** What the metrics routes need. */
export interface MetricsRouteOptions {
  processor: RealTimeProcessor;
}

const windowNames = Object.keys(namedWindows) as (keyof typeof namedWindows)[];

const AggregateQuerySchema = z.strictObject({
  window: z
    .enum(windowNames)
    .default('1m')
    .openapi({ param: { name: 'window', in: 'query' }, description: 'Window length.' }),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({
      param: { name: 'since', in: 'query' },
      description:
        'Start (rounded down to a window); default: 12 windows ago. ' +
        `At most ${maxWindows} windows.`,
      example: '2026-01-01T00:00:00Z',
    }),
});

const WindowSchema = z.object({
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  counts: z.record(z.string(), z.number().int()).openapi({ example: { 'sync.completed': 3 } }),
});

const AggregateSchema = z
  .object({
    window: z.enum(windowNames),
    windowMs: z.number().int(),
    windows: z.array(WindowSchema),
  })
  .openapi('EventAggregate');

/**
 * `GET /metrics/aggregate?window=1m|5m|15m|1h&since=`: event counts per type in epoch-aligned
 * tumbling windows, every window present (empty ones with empty counts); viewers and up may read.
 */
export function createMetricsRoutes(options: MetricsRouteOptions): RouteRegistrar {
  return (app, context) => {
    const route = createRoute({
      method: 'get',
      path: '/metrics/aggregate',
      tags: ['events'],
      security: bearerSecurity,
      middleware: [context.authorize('metrics', 'read')],
      summary: 'Event counts per type over tumbling windows',
      request: { query: AggregateQuerySchema },
      responses: {
        200: jsonResponse(AggregateSchema, 'One entry per window, oldest first'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
      },
    });
    app.openapi(route, async (c) => {
      const { window, since } = c.req.valid('query');
      const windowMs = namedWindows[window];
      const windows = await aggregate(options.processor, windowMs, since);
      const body = windows.map(({ start, end, counts }) => ({
        start: start.toISOString(),
        end: end.toISOString(),
        counts,
      }));
      return c.json({ window, windowMs, windows: body }, 200);
    });
  };
}

async function aggregate(processor: RealTimeProcessor, windowMs: number, since?: string) {
  const until = new Date();
  const from = since === undefined ? undefined : new Date(since);
  if (from !== undefined && from.getTime() > until.getTime()) {
    throw new ValidationError('since lies in the future', { since });
  }
  try {
    return await processor.aggregateData(windowMs, { since: from, until });
  } catch (error) {
    if (error instanceof WindowRangeError) {
      throw new ValidationError(error.message, { maxWindows: error.maxWindows });
    }
    throw error;
  }
}
