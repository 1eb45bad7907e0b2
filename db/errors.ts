/** The database could not be reached or opened; neither message nor cause quotes a password. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  readonly target: string;
  /** The driver's error code, e.g. `ECONNREFUSED` or `28P01`, when there is one. */
  readonly code: string | undefined;

  constructor(target: string, cause: unknown) {
    const safeCause = sanitizeCause(cause);
    super(`Cannot connect to the database at ${target}: ${safeCause.message}`, {
      cause: safeCause,
    });
    this.target = target;
    this.code = errorCodeOf(cause);
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
    super(redactSecrets(message), { cause: sanitizeCause(details.cause) });
    this.sql = details.sql;
    this.paramCount = details.paramCount;
    this.code = errorCodeOf(details.cause);
  }
}

/** The SQL text names a `$n` placeholder that has no parameter, or a parameter goes unused. */
export class ParameterCountError extends Error {
  override readonly name = 'ParameterCountError';
  readonly sql: string;
  readonly placeholderCount: number;
  readonly paramCount: number;

  constructor(sql: string, placeholderCount: number, paramCount: number) {
    super(`The SQL uses $1..$${placeholderCount} but ${paramCount} parameters were given`);
    this.sql = sql;
    this.placeholderCount = placeholderCount;
    this.paramCount = paramCount;
  }
}

/** A value cannot be stored as given (NUL, unknown column, missing key); nothing is written. */
export class InvalidValueError extends Error {
  override readonly name = 'InvalidValueError';
  /** Where the value sits, e.g. `agents[3].metadata.notes[0]` or `$2`. */
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`Invalid value at ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** No conversation node has this id. */
export class NodeNotFoundError extends Error {
  override readonly name = 'NodeNotFoundError';
  readonly nodeId: string;

  constructor(nodeId: string) {
    super(`Conversation node ${nodeId} does not exist`);
    this.nodeId = nodeId;
  }
}

/** No conversation tree has this id. */
export class TreeNotFoundError extends Error {
  override readonly name = 'TreeNotFoundError';
  readonly treeId: string;

  constructor(treeId: string) {
    super(`Conversation tree ${treeId} does not exist`);
    this.treeId = treeId;
  }
}

/** The parent named for a new node does not exist. */
export class ParentNotFoundError extends Error {
  override readonly name = 'ParentNotFoundError';
  readonly parentId: string;

  constructor(parentId: string) {
    super(`Parent node ${parentId} does not exist`);
    this.parentId = parentId;
  }
}

/** The parent named for a new node belongs to another tree than the one asked for. */
export class CrossTreeParentError extends Error {
  override readonly name = 'CrossTreeParentError';
  readonly parentId: string;
  readonly treeId: string;
  readonly parentTreeId: string;

  constructor(parentId: string, treeId: string, parentTreeId: string) {
    super(`Parent node ${parentId} belongs to tree ${parentTreeId}, not to tree ${treeId}`);
    this.parentId = parentId;
    this.treeId = treeId;
    this.parentTreeId = parentTreeId;
  }
}

/** A new node would sit deeper than the configured cap. */
export class DepthLimitError extends Error {
  override readonly name = 'DepthLimitError';
  readonly parentId: string;
  readonly depth: number;
  readonly maxDepth: number;

  constructor(parentId: string, depth: number, maxDepth: number) {
    super(`A child of ${parentId} would have depth ${depth}, over the limit of ${maxDepth}`);
    this.parentId = parentId;
    this.depth = depth;
    this.maxDepth = maxDepth;
  }
}

/** Drops `user:password@` from URLs and `password=...` pairs from any text. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@]*@/gi, '$1:***@')
    .replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}

/**
 * A copy of a driver error that keeps its message (redacted), code and SQLSTATE fields, but none
 * of the extra properties some errors carry, such as the `input` URL of Node's `ERR_INVALID_URL`.
 */
function sanitizeCause(cause: unknown): Error {
  const message = redactSecrets(cause instanceof Error ? cause.message : String(cause));
  const copy = new Error(message) as Error & Record<string, unknown>;
  copy.name = cause instanceof Error ? cause.name : 'Error';
  if (typeof cause === 'object' && cause !== null) {
    const source = cause as Record<string, unknown>;
    for (const key of ['code', 'severity', 'detail', 'hint', 'constraint', 'table', 'column']) {
      if (typeof source[key] === 'string') {
        copy[key] = redactSecrets(source[key]);
      }
    }
  }
  if (cause instanceof Error && cause.stack !== undefined) {
    copy.stack = redactSecrets(cause.stack);
  }
  return copy;
}

/** The `code` a driver error carries (a SQLSTATE, or a socket error's name such as ECONNRESET). */
export function errorCodeOf(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const { code } = cause;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
