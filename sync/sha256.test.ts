import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { hashValues, sha256Hex } from './sha256';

describe('sha256Hex', () => {
  it('matches the known digest of the empty string and of "abc"', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('agrees with node:crypto on arbitrary unicode text of any length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
  });
});

describe('hashValues', () => {
  it('ignores the order of object keys', () => {
    expect(hashValues({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      hashValues({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('tells different values apart', () => {
    expect(hashValues({ a: [1, 2] })).not.toBe(hashValues({ a: [2, 1] }));
  });
});
