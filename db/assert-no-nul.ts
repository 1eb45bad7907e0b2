import { InvalidValueError } from './errors';

const maxNesting = 100;

/**
 * Throws an `InvalidValueError` naming the first place in `value` that holds a NUL character,
 * in a string, an array element or an object key or value at any depth. PostgreSQL `text` and
 * `jsonb` cannot store U+0000, so callers check before sending and nothing is half-written.
 */
export function assertNoNul(value: unknown, field: string): void {
  if (containsNul(value)) {
    visit(value, field, 0);
  }
}

/**
 * Whether `value` holds a NUL character anywhere (or nests too deep to tell); the quick scan,
 * building no field names, for hot loops that name the field only when this says yes.
 */
export function containsNul(value: unknown, nesting = 0): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) {
    return false;
  }
  if (nesting >= maxNesting) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some((item) => containsNul(item, nesting + 1));
  }
  for (const key of Object.keys(value)) {
    if (
      key.includes('\u0000') ||
      containsNul((value as Record<string, unknown>)[key], nesting + 1)
    ) {
      return true;
    }
  }
  return false;
}

function visit(value: unknown, field: string, nesting: number): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new InvalidValueError(
        field,
        'contains a NUL character (U+0000), which PostgreSQL cannot store',
      );
    }
    return;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) {
    return;
  }
  if (nesting >= maxNesting) {
    throw new InvalidValueError(field, `is nested deeper than ${maxNesting} levels`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(item, `${field}[${index}]`, nesting + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    visit(key, `${field} key`, nesting + 1);
    visit(item, `${field}.${key}`, nesting + 1);
  }
}
