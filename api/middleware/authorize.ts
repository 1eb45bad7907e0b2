import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

import type { AccessTokenSettings } from '../auth/access-tokens';
import { verifyAccessToken } from '../auth/access-tokens';
import { checkPermissions, type AuthUser } from '../auth/permissions';
import type { AppEnv, Authorize } from '../app-env';
import { ForbiddenError, UnauthorizedError } from '../errors';

const bearer = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/**
 * Builds the one permission middleware: it verifies the bearer access token, then asks
 * `checkPermissions` whether the caller's role may do `action` on `resource`.
 */
export function createAuthorize(settings: AccessTokenSettings): Authorize {
  return (resource, action) =>
    createMiddleware<AppEnv>(async (c, next) => {
      const match = bearer.exec(c.req.header('authorization') ?? '');
      if (match?.[1] === undefined) {
        throw new UnauthorizedError('A bearer access token is required');
      }
      const user = await verifyAccessToken(settings, match[1]);
      if (!checkPermissions(user, resource, action)) {
        throw new ForbiddenError(resource, action);
      }
      c.set('user', user);
      await next();
    });
}

/** The caller `authorize` admitted; throws when a route was registered without it. */
export function currentUser(c: Context<AppEnv>): AuthUser {
  const user = c.get('user');
  if (user === undefined) {
    throw new UnauthorizedError('A bearer access token is required');
  }
  return user;
}
