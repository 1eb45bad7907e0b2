import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Fields of the JSON error body every failed request answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A failure the HTTP edge answers with `status` and the JSON error body. */
export abstract class HttpError extends Error {
  abstract readonly status: ContentfulStatusCode;
  abstract readonly code: string;
  readonly details: unknown;

  constructor(message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}

/** The request's body, query or parameters did not pass validation. */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  readonly code = 'validation_failed';
}

/** The request is well-formed but asks for something impossible, e.g. a parent in another tree. */
export class InvalidRequestError extends HttpError {
  override readonly name = 'InvalidRequestError';
  readonly status = 422;
  readonly code: string;

  constructor(code: string, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, details, options);
    this.code = code;
  }
}

/** No valid credentials came with the request. */
export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly code: string;

  /** `code` tells the client which credential failed, e.g. `invalid_token`. */
  constructor(message: string, code = 'unauthorized') {
    super(message);
    this.code = code;
  }
}

/** The caller's role may not perform `action` on `resource`. */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly code = 'forbidden';
  readonly resource: string;
  readonly action: string;

  constructor(resource: string, action: string) {
    super(`Not allowed to ${action} ${resource}`, { resource, action });
    this.resource = resource;
    this.action = action;
  }
}

/** The addressed object does not exist, or is not visible to the caller. */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not_found';
  readonly kind: string;
  readonly id: string;

  constructor(kind: string, id: string) {
    super(`${kind} ${id} not found`, { kind, id });
    this.kind = kind;
    this.id = id;
  }
}

/** The request collides with the current state, e.g. a duplicate email or a stale version. */
export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly code = 'conflict';
}

/** Too many attempts; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends HttpError {
  override readonly name = 'RateLimitedError';
  readonly status = 429;
  readonly code = 'rate_limited';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('Too many attempts, try again later', { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency the route needs (Temporal, the database) is not available. */
export class ServiceUnavailableError extends HttpError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly code = 'service_unavailable';
}
