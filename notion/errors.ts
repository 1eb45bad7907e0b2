/** Where a failed Notion request went; never carries the token. */
export interface NotionRequestInfo {
  /** HTTP status, or undefined when no reply arrived (timeout, connection failure). */
  status?: number;
  /** Notion's error code (`validation_error`, `rate_limited`, …) or a client-side one. */
  code: string;
  /** The `request_id` of Notion's error body, when one was sent. */
  requestId?: string;
  /** Milliseconds the `Retry-After` header asked for, when one was sent. */
  retryAfterMs?: number;
  /** Overrides the status-based rule, for failures that are neither replies nor lost replies. */
  isRetryable?: boolean;
  cause?: unknown;
}

const retryableStatuses = new Set([409, 429, 500, 502, 503, 504, 529]);

/**
 * A Notion request failed. `isRetryable` says whether the same request can succeed later: rate
 * limits, conflicts, server errors, timeouts and connection errors can; bad input, missing access
 * and unknown objects cannot.
 */
export class NotionApiError extends Error {
  override readonly name: string = 'NotionApiError';
  readonly status: number | undefined;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly isRetryable: boolean;

  constructor(message: string, info: NotionRequestInfo) {
    super(message, { cause: info.cause });
    this.status = info.status;
    this.code = info.code;
    this.requestId = info.requestId;
    this.retryAfterMs = info.retryAfterMs;
    this.isRetryable =
      info.isRetryable ?? (info.status === undefined || retryableStatuses.has(info.status));
  }
}

/** Notion refused a value (400 `validation_error`); `field` is the body path it named, if any. */
export class NotionValidationError extends NotionApiError {
  override readonly name = 'NotionValidationError';
  /** The body path Notion named, e.g. `properties.Name.title[0].text.content`. */
  readonly field: string | undefined;
  /** The page property the field belongs to, when the path runs through `properties`. */
  readonly property: string | undefined;

  constructor(message: string, info: NotionRequestInfo & { field?: string; property?: string }) {
    super(message, info);
    this.field = info.field;
    this.property = info.property;
  }
}

/** The object does not exist or is not shared with the integration; never proof of deletion. */
export class NotionNotFoundError extends NotionApiError {
  override readonly name = 'NotionNotFoundError';
}

/** Notion asked to slow down (429 `rate_limited` or 529 `service_overload`). */
export class NotionRateLimitedError extends NotionApiError {
  override readonly name = 'NotionRateLimitedError';
}

/** No reply arrived within the configured timeout; a write may or may not have been applied. */
export class NotionTimeoutError extends NotionApiError {
  override readonly name = 'NotionTimeoutError';
}

/** The connection failed or dropped before a reply; a write may or may not have been applied. */
export class NotionConnectionError extends NotionApiError {
  override readonly name = 'NotionConnectionError';
}

/** The token was refused (401) or lacks access (403). */
export class NotionCredentialsError extends NotionApiError {
  override readonly name = 'NotionCredentialsError';
}

/** A query with property sorts reached Notion's 10,000-result cap, which only time sorts pass. */
export class NotionQueryLimitError extends Error {
  override readonly name = 'NotionQueryLimitError';
  readonly dataSourceId: string;

  constructor(dataSourceId: string, reason: string) {
    super(`Query of data source ${dataSourceId} stopped at the result cap: ${reason}`);
    this.dataSourceId = dataSourceId;
  }
}

/** Notion answered with a shape the integration cannot use (e.g. a partial page). */
export class NotionResponseError extends Error {
  override readonly name = 'NotionResponseError';
  readonly objectId: string;

  constructor(objectId: string, problem: string) {
    super(`Unexpected Notion response for ${objectId}: ${problem}`);
    this.objectId = objectId;
  }
}

/** A value cannot be turned into (or read from) a Notion property of the given type. */
export class PropertyCodecError extends Error {
  override readonly name = 'PropertyCodecError';
  readonly propertyType: string;
  readonly value: unknown;

  constructor(propertyType: string, value: unknown, problem: string) {
    super(`Cannot convert a ${propertyType} value: ${problem}`);
    this.propertyType = propertyType;
    this.value = value;
  }
}
