import {
  APIResponseError,
  RequestTimeoutError,
  UnknownHTTPResponseError,
  isNotionClientError,
} from '@notionhq/client';

import {
  NotionApiError,
  NotionConnectionError,
  NotionCredentialsError,
  NotionNotFoundError,
  NotionRateLimitedError,
  NotionTimeoutError,
  NotionValidationError,
  type NotionRequestInfo,
} from './errors';
import { parseValidationField } from './validation-field';

/**
 * Turns anything a Notion call threw into a typed `NotionApiError` whose `isRetryable` says whether
 * trying again can help. A `NotionApiError` passes through unchanged.
 */
export function toNotionError(error: unknown): NotionApiError {
  if (error instanceof NotionApiError) {
    return error;
  }
  if (
    APIResponseError.isAPIResponseError(error) ||
    UnknownHTTPResponseError.isUnknownHTTPResponseError(error)
  ) {
    return fromResponse(error);
  }
  if (RequestTimeoutError.isRequestTimeoutError(error) || isTimeout(error)) {
    return new NotionTimeoutError('Notion did not answer in time', {
      code: 'request_timeout',
      cause: error,
    });
  }
  if (isConnectionFailure(error)) {
    return new NotionConnectionError(`Cannot reach Notion: ${causeText(error)}`, {
      code: 'connection_error',
      cause: error,
    });
  }
  const code = isNotionClientError(error) ? error.code : 'unexpected_error';
  return new NotionApiError(`Notion call failed: ${causeText(error)}`, {
    code,
    isRetryable: false,
    cause: error,
  });
}

/** Milliseconds a `Retry-After` value (delta-seconds or an HTTP date) asks for, if it is valid. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fromResponse(error: APIResponseError | UnknownHTTPResponseError): NotionApiError {
  const body = errorBody(error);
  const info: NotionRequestInfo = {
    status: error.status,
    code: body.code ?? error.code,
    requestId: body.request_id ?? error.request_id,
    retryAfterMs: parseRetryAfter(readHeader(error.headers, 'retry-after')),
    cause: error,
  };
  const detail = body.message ?? error.message;
  const message = `Notion answered ${error.status} ${info.code}: ${detail}`;
  if (error.status === 429 || error.status === 529) {
    return new NotionRateLimitedError(message, info);
  }
  if (error.status === 401 || error.status === 403) {
    return new NotionCredentialsError(message, info);
  }
  if (error.status === 404) {
    return new NotionNotFoundError(message, info);
  }
  if (info.code === 'validation_error') {
    return new NotionValidationError(message, { ...info, ...parseValidationField(detail) });
  }
  return new NotionApiError(message, info);
}

interface ErrorBody {
  code?: string;
  message?: string;
  request_id?: string;
}

/**
 * The client drops the body's code when it does not know it (`database_connection_unavailable`).
 */
function errorBody(error: APIResponseError | UnknownHTTPResponseError): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(error.body);
    if (typeof parsed !== 'object' || parsed === null) {
      return {};
    }
    const { code, message, request_id } = parsed as Record<string, unknown>;
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : undefined,
      request_id: typeof request_id === 'string' ? request_id : undefined,
    };
  } catch {
    return {};
  }
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  if (typeof headers === 'object' && headers !== null) {
    const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
    return typeof entry?.[1] === 'string' ? entry[1] : undefined;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Undici rejects with `TypeError('fetch failed')` and the socket error as its cause. */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return (
    (error instanceof TypeError && error.message === 'fetch failed') || typeof code === 'string'
  );
}

function causeText(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
