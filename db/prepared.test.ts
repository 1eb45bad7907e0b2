import { describe, expect, it } from 'vitest';

import type { Db } from './client';
import { flagsKey, preparedStatement } from './prepared';

describe('preparedStatement', () => {
  it('builds a statement once per database handle and name', () => {
    const first = {} as Db;
    const second = {} as Db;
    const built: string[] = [];
    const prepare = (name: string) => {
      built.push(name);
      return { name };
    };

    const a = preparedStatement(first, 'eco_a', prepare);
    expect(preparedStatement(first, 'eco_a', prepare)).toBe(a);
    const b = preparedStatement(first, 'eco_b', prepare);
    const c = preparedStatement(second, 'eco_a', prepare);

    expect(built).toEqual(['eco_a', 'eco_b', 'eco_a']);
    expect(b).not.toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('flagsKey', () => {
  it('writes one digit per flag, in the order of the keys', () => {
    expect(flagsKey({ hasSince: true, hasCursor: false, hasUpTo: true })).toBe('101');
    expect(flagsKey({})).toBe('');
  });
});
