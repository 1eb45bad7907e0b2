import { quote, validationError } from './errors';
import type { Json, JsonObject } from './model';

/** A test on one extracted value. */
export type ValueTest<T> = (value: T) => boolean;

const dayMs = 86_400_000;
const datePrefix = /^\d{4}-\d{2}-\d{2}$/;

/** The single operator and operand of a condition object such as `{ contains: 'x' }`. */
function operatorOf(condition: JsonObject, path: string): [string, Json] {
  const entries = Object.entries(condition);
  const first = entries[0];
  if (entries.length !== 1 || first === undefined) {
    throw validationError(
      `${path} should have exactly one condition, instead was ${quote(condition)}.`,
    );
  }
  return first;
}

function badOperator(path: string, operator: string): never {
  throw validationError(`${path}.${operator} is not a supported condition.`);
}

function operand<T>(value: Json, path: string, kind: 'string' | 'number' | 'boolean'): T {
  if (typeof value !== kind) {
    throw validationError(`${path} should be a ${kind}, instead was ${quote(value)}.`);
  }
  return value as T;
}

/** Emptiness tests shared by every type: `is_empty: true`, `is_not_empty: true`. */
function emptiness<T>(operator: string, isEmpty: (value: T) => boolean): ValueTest<T> | undefined {
  if (operator === 'is_empty') {
    return isEmpty;
  }
  if (operator === 'is_not_empty') {
    return (value) => !isEmpty(value);
  }
  return undefined;
}

/** A text condition; `contains`, `starts_with` and `ends_with` ignore case as Notion does. */
export function textTest(condition: JsonObject, path: string): ValueTest<string> {
  const [operator, raw] = operatorOf(condition, path);
  const empty = emptiness<string>(operator, (value) => value === '');
  if (empty !== undefined) {
    return empty;
  }
  const target = operand<string>(raw, `${path}.${operator}`, 'string');
  const lower = target.toLowerCase();
  switch (operator) {
    case 'equals':
      return (value) => value === target;
    case 'does_not_equal':
      return (value) => value !== target;
    case 'contains':
      return (value) => value.toLowerCase().includes(lower);
    case 'does_not_contain':
      return (value) => !value.toLowerCase().includes(lower);
    case 'starts_with':
      return (value) => value.toLowerCase().startsWith(lower);
    case 'ends_with':
      return (value) => value.toLowerCase().endsWith(lower);
    default:
      return badOperator(path, operator);
  }
}

/** A number condition; an empty value matches only `is_empty` and `does_not_equal`. */
export function numberTest(condition: JsonObject, path: string): ValueTest<number | null> {
  const [operator, raw] = operatorOf(condition, path);
  const empty = emptiness<number | null>(operator, (value) => value === null);
  if (empty !== undefined) {
    return empty;
  }
  const target = operand<number>(raw, `${path}.${operator}`, 'number');
  const compare: Record<string, (value: number) => boolean> = {
    equals: (value) => value === target,
    does_not_equal: (value) => value !== target,
    greater_than: (value) => value > target,
    less_than: (value) => value < target,
    greater_than_or_equal_to: (value) => value >= target,
    less_than_or_equal_to: (value) => value <= target,
  };
  const test = compare[operator] ?? badOperator(path, operator);
  return (value) => (value === null ? operator === 'does_not_equal' : test(value));
}

/** A checkbox condition: `equals` or `does_not_equal` a boolean. */
export function checkboxTest(condition: JsonObject, path: string): ValueTest<boolean> {
  const [operator, raw] = operatorOf(condition, path);
  const target = operand<boolean>(raw, `${path}.${operator}`, 'boolean');
  if (operator === 'equals') {
    return (value) => value === target;
  }
  if (operator === 'does_not_equal') {
    return (value) => value !== target;
  }
  return badOperator(path, operator);
}

/** A condition on a set of names or ids: select, status, multi-select, relation, people. */
export function setTest(
  condition: JsonObject,
  path: string,
  operators: { equal: string; notEqual: string },
): ValueTest<readonly string[]> {
  const [operator, raw] = operatorOf(condition, path);
  const empty = emptiness<readonly string[]>(operator, (values) => values.length === 0);
  if (empty !== undefined) {
    return empty;
  }
  const target = operand<string>(raw, `${path}.${operator}`, 'string');
  if (operator === operators.equal) {
    return (values) => values.includes(target);
  }
  if (operator === operators.notEqual) {
    return (values) => !values.includes(target);
  }
  return badOperator(path, operator);
}

/**
 * A date condition on a value in milliseconds (null when empty). A date without a time means the
 * whole UTC day; relative conditions (`past_week`, `next_month`, …) use the emulator's clock.
 */
export function dateTest(
  condition: JsonObject,
  path: string,
  nowMs: number,
): ValueTest<number | null> {
  const [operator, raw] = operatorOf(condition, path);
  const empty = emptiness<number | null>(operator, (value) => value === null);
  if (empty !== undefined) {
    return empty;
  }
  const relative = relativeRange(operator, nowMs);
  if (relative !== undefined) {
    const [from, to] = relative;
    return (value) => value !== null && value >= from && value < to;
  }
  const [low, high] = dateRange(raw, `${path}.${operator}`);
  const compare: Record<string, (value: number) => boolean> = {
    equals: (value) => value >= low && value < high,
    before: (value) => value < low,
    after: (value) => value >= high,
    on_or_before: (value) => value < high,
    on_or_after: (value) => value >= low,
  };
  const test = compare[operator] ?? badOperator(path, operator);
  return (value) => value !== null && test(value);
}

function dateRange(raw: Json, path: string): [number, number] {
  const text = operand<string>(raw, path, 'string');
  const start = Date.parse(text);
  if (Number.isNaN(start)) {
    throw validationError(
      `${path} should be a valid ISO 8601 date string, instead was ${quote(raw)}.`,
    );
  }
  return [start, start + (datePrefix.test(text) ? dayMs : 1)];
}

function relativeRange(operator: string, nowMs: number): [number, number] | undefined {
  const spans: Record<string, number> = {
    past_week: -7,
    past_month: -30,
    past_year: -365,
    next_week: 7,
    next_month: 30,
    next_year: 365,
  };
  const days = spans[operator];
  if (days === undefined) {
    return undefined;
  }
  const other = nowMs + days * dayMs;
  return days < 0 ? [other, nowMs + 1] : [nowMs, other + 1];
}

/** Milliseconds of a date value's start, or null when empty. */
export function dateValueMs(value: Json): number | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const start = typeof value.start === 'string' ? Date.parse(value.start) : Number.NaN;
  return Number.isNaN(start) ? null : start;
}
