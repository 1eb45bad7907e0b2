import { createMiddleware } from 'hono/factory';

import type { AppEnv } from '../app-env';

/**
 * Adds `success: false` (and `fields`, e.g. `data: null`) to the JSON error body of the routes
 * that answer in the original design's `{ success, ... }` envelope. The status stays a 4xx.
 */
export function envelopeErrors(fields: Record<string, unknown> = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const isJson = c.res.headers.get('content-type')?.startsWith('application/json') ?? false;
    if (c.res.status < 400 || !isJson) {
      return;
    }
    const body = (await c.res.clone().json()) as Record<string, unknown>;
    c.res = new Response(JSON.stringify({ success: false, ...fields, ...body }), {
      status: c.res.status,
      headers: { 'content-type': 'application/json' },
    });
  });
}
