import type { ConflictResolution } from './run-types';

const choices = new Set(['local', 'remote', 'merged']);

/**
 * Why a resolution cannot settle a conflict over `fields`, or undefined when it can: the choice
 * must be known, and merged values must give exactly the conflicting fields.
 */
export function resolutionProblem(
  fields: readonly string[],
  resolution: unknown,
): string | undefined {
  if (typeof resolution !== 'object' || resolution === null) {
    return 'a resolution must be an object';
  }
  const { choice, values } = resolution as Partial<ConflictResolution>;
  if (typeof choice !== 'string' || !choices.has(choice)) {
    return 'choice must be local, remote or merged';
  }
  if (choice !== 'merged') {
    return values === undefined ? undefined : 'values are only given with the merged choice';
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return 'the merged choice needs values, one per conflicting field';
  }
  const missing = fields.filter((field) => !(field in values));
  const extra = Object.keys(values).filter((field) => !fields.includes(field));
  if (missing.length > 0 || extra.length > 0) {
    return `merged values must give exactly ${fields.join(', ')}`;
  }
  return undefined;
}
