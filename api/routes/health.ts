import { createRoute, z } from '@hono/zod-openapi';

import type { ApiApp, AppDeps, RouteContext } from '../app-env';
import { jsonResponse } from '../schemas/common';

const checkTimeoutMs = 2000;

const CheckSchema = z.object({
  status: z.enum(['up', 'down', 'not_configured']),
  latencyMs: z.number().optional(),
});

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: CheckSchema, temporal: CheckSchema }),
  })
  .openapi('Health');

type Check = z.infer<typeof CheckSchema>;

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness and readiness of the database and Temporal',
  responses: {
    200: jsonResponse(HealthSchema, 'Every dependency is up'),
    503: jsonResponse(HealthSchema, 'A dependency is down'),
  },
});

async function probe(check: (() => Promise<void>) | undefined): Promise<Check> {
  if (check === undefined) {
    return { status: 'not_configured' };
  }
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('health check timed out')), checkTimeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function temporalCheck(deps: AppDeps): (() => Promise<void>) | undefined {
  if (deps.temporalHealth !== undefined) {
    return deps.temporalHealth;
  }
  const client = deps.temporal;
  if (client === undefined) {
    return undefined;
  }
  return async () => {
    await client.workflowService.getSystemInfo({});
  };
}

/** Registers `GET /health`: 200 when every configured dependency answers, else 503. */
export function registerHealthRoutes(app: ApiApp, { deps }: RouteContext): void {
  const checkTemporal = temporalCheck(deps);
  app.openapi(healthRoute, async (c) => {
    const [database, temporal] = await Promise.all([
      probe(() => deps.db.ping()),
      probe(checkTemporal),
    ]);
    const isDown = database.status === 'down' || temporal.status === 'down';
    const body = { status: isDown ? 'unavailable' : 'ok', checks: { database, temporal } } as const;
    return isDown ? c.json(body, 503) : c.json(body, 200);
  });
}
