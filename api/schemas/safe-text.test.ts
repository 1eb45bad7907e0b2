import { describe, expect, it } from 'vitest';

import { isSafeJson, isSafeText, safeText } from './safe-text';

describe('safeText', () => {
  it('accepts ordinary text, emoji and SQL metacharacters', () => {
    for (const text of ['plain', 'Grüße 🌍', "'; DROP TABLE agents; --"]) {
      expect(isSafeText(text), text).toBe(true);
    }
  });

  it('refuses NUL characters and lone surrogates of either half', () => {
    for (const text of ['a\u0000b', 'a\uD800', '\uDC00b', '\uDBFF\uDBFF\uDC00']) {
      expect(isSafeText(text), JSON.stringify(text)).toBe(false);
    }
  });

  it('keeps its bounds and answers a zod issue instead of throwing', () => {
    const schema = safeText({ min: 1, max: 3 });
    expect(schema.safeParse('').success).toBe(false);
    expect(schema.safeParse('abcd').success).toBe(false);
    expect(schema.safeParse('a\u0000').success).toBe(false);
    expect(schema.safeParse('abc').success).toBe(true);
  });

  it('checks keys and values of nested JSON', () => {
    expect(isSafeJson({ a: [{ b: 'ok' }] })).toBe(true);
    expect(isSafeJson({ a: [{ b: 'x\u0000' }] })).toBe(false);
    expect(isSafeJson({ ['k\uD800']: 1 })).toBe(false);
  });
});
