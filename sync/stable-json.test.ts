import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { stableStringify, valuesEqual } from './stable-json';

/** A deep copy with every object's keys inserted in reverse order. */
function reversedCopy(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reversedCopy);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).reverse();
  return Object.fromEntries(keys.map((key) => [key, reversedCopy(record[key])]));
}

describe('stableStringify', () => {
  it('prints JSON that reads back as the value, whatever order its keys were made in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = stableStringify(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(stableStringify(reversedCopy(value))).toBe(text);
      }),
    );
  });

  it('sorts keys at every depth and ignores their order', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, B: 'x' })).toBe(
      '{"B":"x","a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
    // JavaScript keeps index-like keys first in an object; the stable form sorts them too.
    expect(stableStringify({ '10': 1, '9': 2, '': 3 })).toBe('{"":3,"10":1,"9":2}');
    expect(valuesEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(valuesEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });

  it('leaves out undefined entries and prints undefined array items as null', () => {
    expect(stableStringify({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify('tab\there "quoted"')).toBe(JSON.stringify('tab\there "quoted"'));
  });
});
