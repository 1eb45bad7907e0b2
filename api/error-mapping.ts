import { DrizzleQueryError } from 'drizzle-orm/errors';
import { HTTPException } from 'hono/http-exception';

import {
  ConnectionError,
  CrossTreeParentError,
  DatabaseError,
  DepthLimitError,
  InvalidValueError,
  NodeNotFoundError,
  ParentNotFoundError,
  TreeNotFoundError,
} from '../db/errors';
import {
  DuplicateUserError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  InvalidTokenError,
  RefreshTokenReusedError,
} from './auth/errors';
import {
  ConflictError,
  HttpError,
  InvalidRequestError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from './errors';

class HonoHttpError extends HttpError {
  override readonly name = 'HonoHttpError';
  readonly status: HttpError['status'];
  readonly code: string;

  constructor(exception: HTTPException) {
    super(exception.message || 'Request rejected', undefined, { cause: exception });
    this.status = exception.status;
    this.code = honoCodes[exception.status] ?? 'bad_request';
  }
}

const honoCodes: Record<number, string> = {
  400: 'malformed_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The SQLSTATE code of a database error anywhere in the cause chain, if any. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, hops = 0; current instanceof Error && hops < 5; hops += 1) {
    if (current instanceof DatabaseError && current.code !== undefined) {
      return current.code;
    }
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    current = current.cause;
  }
  return undefined;
}

function fromDatabase(error: unknown): HttpError | undefined {
  if (error instanceof ConnectionError) {
    return new ServiceUnavailableError('The database is not reachable');
  }
  const state = sqlStateOf(error);
  if (state?.startsWith('22')) {
    return new ValidationError('The database refused a value as malformed', { sqlState: state });
  }
  if (state?.startsWith('23')) {
    return new ConflictError('The change collides with existing data', { sqlState: state });
  }
  if (state?.startsWith('08') || state === '57P01') {
    return new ServiceUnavailableError('The database connection failed');
  }
  return undefined;
}

function fromTrees(error: unknown): HttpError | undefined {
  if (error instanceof NodeNotFoundError) {
    return new NotFoundError('Node', error.nodeId);
  }
  if (error instanceof TreeNotFoundError) {
    return new NotFoundError('Tree', error.treeId);
  }
  if (error instanceof ParentNotFoundError) {
    return new InvalidRequestError('parent_not_found', error.message, { parentId: error.parentId });
  }
  if (error instanceof CrossTreeParentError) {
    const { parentId, treeId } = error;
    return new InvalidRequestError('cross_tree_parent', error.message, { parentId, treeId });
  }
  if (error instanceof DepthLimitError) {
    const { parentId, maxDepth } = error;
    return new InvalidRequestError('depth_limit', error.message, { parentId, maxDepth });
  }
  if (error instanceof InvalidValueError) {
    return new ValidationError(error.message, { field: error.field });
  }
  return undefined;
}

function fromAuth(error: unknown): HttpError | undefined {
  if (error instanceof InvalidCredentialsError) {
    return new UnauthorizedError(error.message, 'invalid_credentials');
  }
  if (error instanceof InvalidTokenError) {
    return new UnauthorizedError('The access token is not valid', 'invalid_token');
  }
  if (error instanceof InvalidRefreshTokenError) {
    return new UnauthorizedError(error.message, 'invalid_refresh_token');
  }
  if (error instanceof RefreshTokenReusedError) {
    return new UnauthorizedError(error.message, 'refresh_token_reused');
  }
  if (error instanceof DuplicateUserError) {
    return new ConflictError(error.message);
  }
  return undefined;
}

/** Extra mappers, e.g. for the tree queries' and the sync engine's errors. */
export type ErrorMapper = (error: unknown) => HttpError | undefined;

/**
 * Maps any thrown value to the HTTP error the client sees, or undefined for a genuine server
 * fault (answered as 500). Client faults never map to a 5xx.
 */
export function toHttpError(
  error: unknown,
  mappers: readonly ErrorMapper[] = [],
): HttpError | undefined {
  if (error instanceof HttpError) {
    return error;
  }
  if (error instanceof HTTPException) {
    return new HonoHttpError(error);
  }
  for (const mapper of [fromAuth, fromTrees, ...mappers, fromDatabase]) {
    const mapped = mapper(error);
    if (mapped !== undefined) {
      return mapped;
    }
  }
  return undefined;
}

/** Name, message and SQL of `error` without the bound parameters Drizzle puts in its message. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DrizzleQueryError) {
    return { name: 'DrizzleQueryError', sql: error.query, cause: describeError(error.cause) };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, sqlState: sqlStateOf(error) };
  }
  return { name: typeof error };
}
