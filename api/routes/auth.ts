import { createRoute } from '@hono/zod-openapi';

import { revokeFamilyOf } from '../auth/refresh-tokens';
import { SlidingWindowRateLimiter } from '../auth/rate-limiter';
import { login, refresh } from '../auth/sessions';
import { normalizeEmail } from '../auth/users';
import type { ApiApp, RouteContext } from '../app-env';
import { RateLimitedError } from '../errors';
import { clientAddress } from '../middleware/client-address';
import { LoginSchema, RefreshSchema, TokenPairSchema } from '../schemas/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

const tags = ['auth'];

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags,
  summary: 'Exchange email and password for an access and a refresh token',
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: jsonResponse(TokenPairSchema, 'Tokens'),
    400: errorResponses[400],
    401: errorResponses[401],
    429: { ...errorResponses[401], description: 'Too many attempts' },
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/auth/refresh',
  tags,
  summary: 'Rotate a refresh token; a reused one revokes its whole family',
  request: { body: jsonBody(RefreshSchema) },
  responses: {
    200: jsonResponse(TokenPairSchema, 'New tokens'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags,
  summary: 'Revoke the refresh token family',
  request: { body: jsonBody(RefreshSchema) },
  responses: { 204: { description: 'Logged out' }, 400: errorResponses[400] },
});

/** Registers `/auth/login`, `/auth/refresh` and `/auth/logout`. */
export function registerAuthRoutes(app: ApiApp, { deps }: RouteContext): void {
  const { config, logger } = deps;
  const db = deps.db.db;
  const limiter = new SlidingWindowRateLimiter({
    limit: config.loginRateLimit,
    windowMs: config.loginRateWindowSeconds * 1000,
  });

  app.openapi(loginRoute, async (c) => {
    const credentials = c.req.valid('json');
    const decision = limiter.hit(`${normalizeEmail(credentials.email)}|${clientAddress(c)}`);
    if (!decision.isAllowed) {
      logger.warn({ requestId: c.get('requestId') }, 'Login rate limited');
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
    const pair = await login(db, config, credentials);
    logger.info({ requestId: c.get('requestId'), userId: pair.user.id }, 'User logged in');
    return c.json(pair, 200);
  });

  app.openapi(refreshRoute, async (c) => {
    const pair = await refresh(db, config, c.req.valid('json').refreshToken);
    return c.json(pair, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    await revokeFamilyOf(db, c.req.valid('json').refreshToken);
    return c.body(null, 204);
  });
}
