import { z } from '@hono/zod-openapi';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` holds neither a NUL character nor half of a UTF-16 surrogate pair. */
export function isSafeText(value: string): boolean {
  return !value.includes('\u0000') && !loneSurrogate.test(value);
}

/** Bounds of a `safeText` string, in UTF-16 code units. */
export interface SafeTextOptions {
  /** Shortest length accepted. Default 0. */
  min?: number;
  /** Longest length accepted. Default 10000. */
  max?: number;
}

/**
 * A string that PostgreSQL can store as text: NUL bytes and lone surrogates are refused with a
 * validation error instead of failing later inside the driver.
 */
export function safeText(options: SafeTextOptions = {}) {
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max ?? 10_000)
    .refine(isSafeText, { message: 'must not contain NUL characters or lone surrogates' });
}

/** A JSON value whose strings and keys are all `safeText`; used for free-form metadata. */
export function isSafeJson(value: unknown, depth = 0): boolean {
  if (depth > 20) {
    return false;
  }
  if (typeof value === 'string') {
    return isSafeText(value);
  }
  if (Array.isArray(value)) {
    return value.every((item) => isSafeJson(item, depth + 1));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(
      ([key, item]) => isSafeText(key) && isSafeJson(item, depth + 1),
    );
  }
  return true;
}
