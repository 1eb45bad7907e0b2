/** The database could not be reached or opened; `target` never includes a password. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  readonly target: string;

  constructor(target: string, cause: unknown) {
    super(`Cannot connect to the database at ${target}: ${messageOf(cause)}`, { cause });
    this.target = target;
  }
}

/** A query failed; carries the SQL text, the parameter count and the driver's error code. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly sql: string;
  readonly paramCount: number;
  /** The SQLSTATE code, e.g. `23505` for a unique violation, when the server sent one. */
  readonly code: string | undefined;

  constructor(message: string, details: { sql: string; paramCount: number; cause: unknown }) {
    super(message, { cause: details.cause });
    this.sql = details.sql;
    this.paramCount = details.paramCount;
    this.code = codeOf(details.cause);
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function codeOf(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const { code } = cause as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
