import type { Action, Resource } from '../auth/permissions';
import type { Authorize } from '../app-env';
import { bearerSecurity } from '../schemas/common';

/**
 * The route-config fields of a protected route: the bearer security scheme, the `authorize`
 * middleware for `resource` and `action`, and an `x-permission` extension that puts the same
 * permission into the OpenAPI document (the permission tests read it from there).
 */
export function guard(authorize: Authorize, resource: Resource, action: Action) {
  return {
    security: bearerSecurity,
    middleware: authorize(resource, action),
    'x-permission': `${resource}:${action}`,
  };
}
