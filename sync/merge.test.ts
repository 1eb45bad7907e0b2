import { describe, expect, it } from 'vitest';

import { mergeRecord } from './merge';

const fields = ['name', 'role', 'capabilities'];
const base = { name: 'Ada', role: 'expert', capabilities: ['a', 'b'] };

describe('mergeRecord', () => {
  it('reports every field unchanged when both sides still hold the base', () => {
    const result = mergeRecord(fields, base, { ...base }, { ...base });
    expect(result.changes).toEqual({
      name: 'unchanged',
      role: 'unchanged',
      capabilities: 'unchanged',
    });
    expect(result.toRemote).toEqual({});
    expect(result.toLocal).toEqual({});
  });

  it('pushes a local-only change and pulls a remote-only change of another field', () => {
    const result = mergeRecord(
      fields,
      base,
      { ...base, name: 'Ada L.' },
      { ...base, role: 'lead' },
    );
    expect(result.toRemote).toEqual({ name: 'Ada L.' });
    expect(result.toLocal).toEqual({ role: 'lead' });
    expect(result.conflicts).toEqual([]);
  });

  it('treats the same new value on both sides as converged, not a conflict', () => {
    const result = mergeRecord(fields, base, { ...base, name: 'Bo' }, { ...base, name: 'Bo' });
    expect(result.changes.name).toBe('converged');
    expect(result.conflicts).toEqual([]);
  });

  it('reports a conflict when both sides change one field to different values', () => {
    const result = mergeRecord(fields, base, { ...base, name: 'Bo' }, { ...base, name: 'Cy' });
    expect(result.conflicts).toEqual([{ field: 'name', base: 'Ada', local: 'Bo', remote: 'Cy' }]);
    expect(result.toRemote).toEqual({});
    expect(result.toLocal).toEqual({});
  });

  it('compares arrays and objects by value', () => {
    const result = mergeRecord(fields, base, { ...base, capabilities: ['a', 'b'] }, { ...base });
    expect(result.changes.capabilities).toBe('unchanged');
  });

  it('makes every differing field a conflict when there is no base', () => {
    const result = mergeRecord(fields, undefined, { ...base, name: 'Bo' }, { ...base });
    expect(result.conflicts.map((conflict) => conflict.field)).toEqual(['name']);
    expect(result.changes.role).toBe('converged');
  });
});
