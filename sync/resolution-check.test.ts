import { describe, expect, it } from 'vitest';

import { resolutionProblem } from './resolution-check';

describe('resolutionProblem', () => {
  it('accepts keeping either side', () => {
    expect(resolutionProblem(['name'], { choice: 'local' })).toBeUndefined();
    expect(resolutionProblem(['name'], { choice: 'remote', resolvedBy: 'ops' })).toBeUndefined();
  });

  it('accepts merged values for exactly the conflicting fields', () => {
    expect(
      resolutionProblem(['name', 'role'], { choice: 'merged', values: { name: 'A', role: 'b' } }),
    ).toBeUndefined();
  });

  it('rejects an unknown choice', () => {
    expect(resolutionProblem(['name'], { choice: 'both' })).toMatch(/choice must be/);
  });

  it('rejects merged values that miss or add a field', () => {
    expect(
      resolutionProblem(['name', 'role'], { choice: 'merged', values: { name: 'A' } }),
    ).toMatch(/exactly/);
    expect(resolutionProblem(['name'], { choice: 'merged', values: { name: 'A', x: 1 } })).toMatch(
      /exactly/,
    );
  });

  it('rejects values given with a side choice', () => {
    expect(resolutionProblem(['name'], { choice: 'local', values: { name: 'A' } })).toMatch(
      /only given/,
    );
  });
});
