import { errorCodes, type NotionErrorCode } from './error-codes';

/**
 * A request the emulator answers with a Notion error body. Handlers throw it; the server turns it
 * into `{ object: 'error', status, code, message, request_id }`.
 */
export class NotionApiError extends Error {
  override readonly name = 'NotionApiError';
  readonly code: NotionErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: NotionErrorCode,
    message?: string,
    options: { status?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message ?? errorCodes[code].message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? errorCodes[code].status;
    this.headers = options.headers ?? {};
  }
}

/** Thrown by the control surface when it is used wrongly (unknown token, page or workspace). */
export class EmulatorControlError extends Error {
  override readonly name = 'EmulatorControlError';

  constructor(
    message: string,
    readonly subject?: string,
  ) {
    super(message);
  }
}

/** A 400 `validation_error` with Notion's "body failed validation" wording. */
export function validationError(detail: string): NotionApiError {
  return new NotionApiError('validation_error', `body failed validation: ${detail}`);
}

/** A 400 `validation_error` whose message is given verbatim. */
export function plainValidationError(message: string): NotionApiError {
  return new NotionApiError('validation_error', message);
}

/** A 404 `object_not_found` for an id the token cannot see. */
export function notFound(kind: string, id: string): NotionApiError {
  return new NotionApiError(
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are ` +
      'shared with your integration.',
  );
}

/** The message Notion gives when an edit touches something in the trash. */
export function trashedError(): NotionApiError {
  return plainValidationError(
    "Can't edit block that is archived. You must unarchive the block before editing.",
  );
}

/** Describes a JSON value for an error message, the way Notion quotes it. */
export function quote(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

/** Thrown when a saved emulator state cannot be read back (not JSON, or another format). */
export class EmulatorSnapshotError extends Error {
  override readonly name = 'EmulatorSnapshotError';
  readonly path: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`The Notion emulator state at ${path} cannot be restored: ${reason}`, options);
    this.path = path;
  }
}
