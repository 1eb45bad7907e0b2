import { ValidationError } from '../errors';

/** A position in the `(updated_at DESC, id DESC)` order of the agent list. */
export interface AgentCursor {
  /** `updated_at` in UTC with microseconds, as PostgreSQL printed it. */
  updatedAt: string;
  id: string;
}

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a cursor as opaque base64url text. */
export function encodeCursor(cursor: AgentCursor): string {
  return Buffer.from(`${cursor.updatedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; anything else is a `ValidationError`. */
export function decodeCursor(text: string): AgentCursor {
  const [updatedAt = '', id = '', ...rest] = Buffer.from(text, 'base64url')
    .toString('utf8')
    .split('|');
  if (rest.length > 0 || !timestampPattern.test(updatedAt) || !uuidPattern.test(id)) {
    throw new ValidationError('Invalid query', [
      { path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this API issued' },
    ]);
  }
  return { updatedAt, id };
}
