import { describe, expect, it } from 'vitest';

import { assertNoNul } from './assert-no-nul';
import { InvalidValueError } from './errors';

function refusal(value: unknown): InvalidValueError {
  try {
    assertNoNul(value, 'record');
  } catch (error) {
    if (error instanceof InvalidValueError) {
      return error;
    }
    throw error;
  }
  throw new Error('the value was accepted');
}

describe('assertNoNul', () => {
  it('accepts text, numbers, dates and nested objects without NUL characters', () => {
    expect(() =>
      assertNoNul({ a: 'x', b: [1, { c: 'ü 🌍 عربى' }], d: new Date(0), e: null }, 'record'),
    ).not.toThrow();
  });

  it('names the path of a NUL character nested in arrays and objects', () => {
    const error = refusal({ metadata: { notes: ['ok', 'bad\u0000'] } });
    expect(error.field).toBe('record.metadata.notes[1]');
    expect(error.message).toContain('NUL');
  });

  it('refuses a NUL character in an object key', () => {
    expect(refusal({ ['k\u0000']: 1 }).field).toBe('record key');
  });

  it('refuses values nested deeper than it will walk', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 150; level += 1) {
      deep = [deep];
    }
    expect(refusal(deep).reason).toContain('nested deeper');
  });
});
