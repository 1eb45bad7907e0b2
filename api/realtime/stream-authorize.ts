import { createMiddleware } from 'hono/factory';

import { verifyAccessToken, type AccessTokenSettings } from '../auth/access-tokens';
import { checkPermissions } from '../auth/permissions';
import type { AppEnv, Authorize } from '../app-env';
import { ForbiddenError, UnauthorizedError } from '../errors';

const bearer = /^Bearer ([A-Za-z0-9_\-.]+)$/;
const token = /^[A-Za-z0-9_\-.]+$/;

/**
 * The permission middleware of the stream routes: the app's `authorize`, except that the access
 * token may also come as `?access_token=`, because `EventSource` and browser WebSockets cannot set
 * an `Authorization` header. The header wins when both are present.
 */
export function createStreamAuthorize(settings: AccessTokenSettings): Authorize {
  return (resource, action) =>
    createMiddleware<AppEnv>(async (c, next) => {
      const fromHeader = bearer.exec(c.req.header('authorization') ?? '')?.[1];
      const fromQuery = c.req.query('access_token');
      const presented = fromHeader ?? (token.test(fromQuery ?? '') ? fromQuery : undefined);
      if (presented === undefined) {
        throw new UnauthorizedError('A bearer access token or ?access_token= is required');
      }
      const user = await verifyAccessToken(settings, presented);
      if (!checkPermissions(user, resource, action)) {
        throw new ForbiddenError(resource, action);
      }
      c.set('user', user);
      await next();
    });
}
