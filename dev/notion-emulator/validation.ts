import { quote, validationError } from './errors';
import type { Json, JsonObject } from './model';

/** Whether a JSON value is a plain object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or a validation error naming `path`. */
export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw validationError(`${path} should be an object, instead was ${quote(value)}.`);
  }
  return value;
}

/** The value as an array of at most `max` items, or a validation error naming `path`. */
export function expectArray(value: unknown, path: string, max: number): Json[] {
  if (!Array.isArray(value)) {
    throw validationError(`${path} should be an array, instead was ${quote(value)}.`);
  }
  if (value.length > max) {
    throw validationError(
      `${path}.length should be ≤ \`${max}\`, instead was \`${value.length}\`.`,
    );
  }
  return value as Json[];
}

/** The value as a string of at most `max` characters, or a validation error naming `path`. */
export function expectString(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') {
    throw validationError(`${path} should be a string, instead was ${quote(value)}.`);
  }
  if (value.length > max) {
    throw validationError(
      `${path}.length should be ≤ \`${max}\`, instead was \`${value.length}\`.`,
    );
  }
  return value;
}

/** Like `expectString`, but `null` is allowed and returned as is. */
export function expectNullableString(value: unknown, path: string, max: number): string | null {
  return value === null ? null : expectString(value, path, max);
}

/** The value as a boolean, or a validation error naming `path`. */
export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    throw validationError(`${path} should be a boolean, instead was ${quote(value)}.`);
  }
  return value;
}

/** The value as a finite number or null, or a validation error naming `path`. */
export function expectNullableNumber(value: unknown, path: string): number | null {
  if (value === null) {
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw validationError(`${path} should be a number or \`null\`, instead was ${quote(value)}.`);
  }
  return value;
}

/** Refuses keys of `body` that are not in `allowed`, naming the first. */
export function rejectUnknownKeys(body: JsonObject, allowed: readonly string[], path: string) {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw validationError(
      `${path}.${unknown} should be not present, instead was ${quote(body[unknown])}.`,
    );
  }
}

/** A scalar as text; objects, arrays and absent values become the empty string. */
export function textOf(value: Json | undefined): string {
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
