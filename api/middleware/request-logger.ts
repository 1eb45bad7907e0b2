import { createMiddleware } from 'hono/factory';

import type { Logger } from '../../core/logger';
import type { AppEnv } from '../app-env';

/**
 * Logs one line per request with its id, method, path, status and duration. The query string,
 * headers and body are never logged: they may carry tokens or passwords.
 */
export function requestLogger(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'Request handled',
    );
  });
}
