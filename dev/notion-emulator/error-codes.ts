/** Every error code the Notion API answers with, per the fact sheet. */
export type NotionErrorCode =
  | 'invalid_json'
  | 'invalid_request_url'
  | 'invalid_request'
  | 'validation_error'
  | 'missing_version'
  | 'unauthorized'
  | 'restricted_resource'
  | 'object_not_found'
  | 'conflict_error'
  | 'rate_limited'
  | 'internal_server_error'
  | 'service_unavailable'
  | 'database_connection_unavailable'
  | 'gateway_timeout'
  | 'service_overload';

interface CodeInfo {
  readonly status: number;
  readonly message: string;
}

/** The HTTP status and a default message for each code, worded like Notion's. */
export const errorCodes: Readonly<Record<NotionErrorCode, CodeInfo>> = {
  invalid_json: { status: 400, message: 'Error parsing JSON body.' },
  invalid_request_url: { status: 400, message: 'Invalid request URL.' },
  invalid_request: { status: 400, message: 'This request is not supported.' },
  validation_error: { status: 400, message: 'body failed validation.' },
  missing_version: {
    status: 400,
    message:
      'Notion-Version header failed validation: Notion-Version header should be defined, ' +
      'instead was `undefined`.',
  },
  unauthorized: { status: 401, message: 'API token is invalid.' },
  restricted_resource: {
    status: 403,
    message: "API token does not have access to this resource or doesn't have this capability.",
  },
  object_not_found: { status: 404, message: 'Could not find the requested object.' },
  conflict_error: { status: 409, message: 'Conflict occurred while saving. Please try again.' },
  rate_limited: {
    status: 429,
    message: 'You have been rate limited. Please try again in a few minutes.',
  },
  internal_server_error: { status: 500, message: 'Unexpected error occurred.' },
  service_unavailable: {
    status: 503,
    message: 'Notion is unavailable, please try again later.',
  },
  database_connection_unavailable: {
    status: 503,
    message: 'Database connection unavailable, please try again later.',
  },
  gateway_timeout: { status: 504, message: 'Notion timed out while processing the request.' },
  service_overload: {
    status: 529,
    message: 'Notion is overloaded and cannot process the request. Please try again later.',
  },
};

const codeByStatus: Readonly<Record<number, NotionErrorCode>> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'restricted_resource',
  404: 'object_not_found',
  409: 'conflict_error',
  429: 'rate_limited',
  500: 'internal_server_error',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  529: 'service_overload',
};

/** The code Notion uses for an HTTP status; `internal_server_error` for an unlisted one. */
export function codeForStatus(status: number): NotionErrorCode {
  return codeByStatus[status] ?? 'internal_server_error';
}

/** Whether `value` is one of Notion's error codes. */
export function isNotionErrorCode(value: unknown): value is NotionErrorCode {
  return typeof value === 'string' && value in errorCodes;
}
