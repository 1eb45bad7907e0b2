import { describe, expect, it } from 'vitest';

import { hashValues } from './value-hash';

describe('hashValues', () => {
  it('is the SHA-256 of the stable JSON', () => {
    // sha256('{"a":1}')
    expect(hashValues({ a: 1 })).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it('ignores the order of object keys', () => {
    expect(hashValues({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      hashValues({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('tells different values apart', () => {
    expect(hashValues({ a: [1, 2] })).not.toBe(hashValues({ a: [2, 1] }));
  });
});
