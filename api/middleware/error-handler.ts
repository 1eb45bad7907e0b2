import type { Hook } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ZodError } from 'zod';

import type { Logger } from '../../core/logger';
import type { AppEnv } from '../app-env';
import { describeError, toHttpError, type ErrorMapper } from '../error-mapping';
import { type ErrorBody, type HttpError, RateLimitedError, ValidationError } from '../errors';

function errorBody(error: HttpError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) {
    body.error.details = error.details;
  }
  return body;
}

function respond(c: Context<AppEnv>, error: HttpError): Response {
  if (error instanceof RateLimitedError) {
    c.header('Retry-After', String(error.retryAfterSeconds));
  }
  return c.json(errorBody(error), error.status);
}

/** The app's `onError`: every failure becomes the JSON error body; unknown faults a logged 500. */
export function errorHandler(
  logger: Logger,
  mappers: readonly ErrorMapper[] = [],
): ErrorHandler<AppEnv> {
  return (error, c) => {
    const mapped = toHttpError(error, mappers);
    if (mapped !== undefined) {
      return respond(c, mapped);
    }
    logger.error(
      { requestId: c.get('requestId'), path: c.req.path, err: describeError(error) },
      'Request failed',
    );
    return c.json(
      { error: { code: 'internal_error', message: 'Internal server error' } } satisfies ErrorBody,
      500,
    );
  };
}

/** The app's `notFound`: the JSON error body with 404. */
export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json(
    {
      error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` },
    } satisfies ErrorBody,
    404,
  );

/** Turns zod issues into the `details` of a validation error: path, code and message only. */
export function issuesOf(error: ZodError): { path: string; code: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** The default hook of every OpenAPI route: a failed validation throws a `ValidationError`. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (!result.success) {
    throw new ValidationError(`Invalid ${result.target}`, issuesOf(result.error));
  }
  return undefined;
};
