import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';

import type { ApiApp, AppDeps, AppEnv, RouteContext, RouteRegistrar } from './app-env';
import { errorHandler, notFoundHandler, validationHook } from './middleware/error-handler';
import { createAuthorize } from './middleware/authorize';
import { requestLogger } from './middleware/request-logger';
import { registerAgentBatchRoutes } from './routes/agents-batch';
import { registerAgentRoutes } from './routes/agents';
import { registerAuthRoutes } from './routes/auth';
import { registerConflictRoutes } from './routes/conflicts';
import { registerDocsRoutes } from './routes/docs';
import { registerGbtsRoutes } from './routes/gbts';
import { registerHealthRoutes } from './routes/health';
import { registerNodeRoutes } from './routes/nodes';
import { registerQueryRoutes } from './routes/query';
import { registerScheduleRoutes } from './routes/schedules';
import { registerSyncRoutes } from './routes/syncs';
import { registerTreeRoutes } from './routes/trees';
import { addServerHook } from './server';
import { fromTemporal } from './syncs/temporal-errors';

const builtInRoutes: readonly RouteRegistrar[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerAgentBatchRoutes,
  registerAgentRoutes,
  registerTreeRoutes,
  registerNodeRoutes,
  registerGbtsRoutes,
  registerQueryRoutes,
  registerSyncRoutes,
  registerConflictRoutes,
  registerScheduleRoutes,
];

/** Whether requests of `method` only read: they carry no body and change nothing. */
function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

function useEdgeMiddleware(app: ApiApp, deps: AppDeps): void {
  const { config } = deps;
  app.use(requestId());
  app.use(requestLogger(deps.logger));
  app.use(secureHeaders());
  const corsHeaders = cors({
    origin: config.corsOrigins,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Last-Event-ID'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  // A request without an Origin header is not a CORS request: it needs only `Vary: Origin`, set
  // before the handler, where cors() would create a response early and have it copied.
  app.use((c, next) => {
    if (c.req.method === 'OPTIONS' || c.req.header('origin') !== undefined) {
      return corsHeaders(c, next);
    }
    c.header('Vary', 'Origin');
    return next();
  });
  const limitBody = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: () => {
      throw new HTTPException(413, {
        message: `Request body is larger than ${config.bodyLimitBytes} bytes`,
      });
    },
  });
  // bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a whole Request; a
  // read has no body to limit.
  app.use((c, next) => (isRead(c.req.method) ? next() : limitBody(c, next)));
}

/**
 * Builds the Hono app: edge middleware (request ids, secure headers, CORS, body limit), the
 * built-in routes, then `deps.routes`, the OpenAPI document and the JSON error handlers.
 */
export function createApp(deps: AppDeps): ApiApp {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  useEdgeMiddleware(app, deps);
  const { agentLists } = deps;
  if (agentLists !== undefined) {
    // Whatever a request may have written, the cached agent lists go before its response does.
    app.use(async (c, next) => {
      await next();
      if (!isRead(c.req.method)) {
        agentLists.invalidate();
      }
    });
  }

  const context: RouteContext = {
    deps,
    authorize: createAuthorize(deps.config),
    onServer: (hook) => addServerHook(app, hook),
  };
  for (const register of [...builtInRoutes, ...(deps.routes ?? [])]) {
    register(app, context);
  }
  registerDocsRoutes(app);

  app.onError(errorHandler(deps.logger, [fromTemporal]));
  app.notFound(notFoundHandler);
  return app;
}
