import { floorToMinute } from './clock';
import { quote, validationError } from './errors';
import {
  checkboxTest,
  dateTest,
  dateValueMs,
  numberTest,
  setTest,
  textTest,
  type ValueTest,
} from './filter-conditions';
import type { DataSourceRecord, Json, JsonObject, PageRecord, PropertySchema } from './model';
import { valueOf } from './property-read';
import { plainTextOf } from './rich-text';
import { expectArray, expectObject, isObject, textOf } from './validation';
import { findProperty } from './property-lookup';
import { limits } from './limits';

/** Decides whether a row matches a query's filter. */
export type RowPredicate = (page: PageRecord) => boolean;

const maxCompoundDepth = 2;

/** Compiles a query's `filter` for a data source; errors name the offending part of the filter. */
export function compileFilter(
  raw: Json | undefined,
  dataSource: DataSourceRecord,
  nowMs: number,
): RowPredicate {
  return raw === undefined ? () => true : compile(raw, 'body.filter', 0, dataSource, nowMs);
}

function compile(
  raw: Json,
  path: string,
  depth: number,
  dataSource: DataSourceRecord,
  nowMs: number,
): RowPredicate {
  const filter = expectObject(raw, path);
  for (const key of ['and', 'or'] as const) {
    if (filter[key] !== undefined) {
      if (depth >= maxCompoundDepth) {
        throw validationError(`${path}.${key} should be nested at most two levels deep.`);
      }
      const parts = expectArray(filter[key], `${path}.${key}`, limits.arrayItems).map((part, i) =>
        compile(part, `${path}.${key}[${i}]`, depth + 1, dataSource, nowMs),
      );
      return key === 'and'
        ? (page) => parts.every((test) => test(page))
        : (page) => parts.some((test) => test(page));
    }
  }
  if (filter.timestamp !== undefined) {
    return timestampFilter(filter, path, nowMs);
  }
  if (typeof filter.property === 'string') {
    return propertyFilter(filter, path, dataSource, nowMs);
  }
  throw validationError(
    `${path} should be a property, timestamp or compound filter, instead was ${quote(filter)}.`,
  );
}

function timestampFilter(filter: JsonObject, path: string, nowMs: number): RowPredicate {
  const kind = filter.timestamp;
  if (kind !== 'created_time' && kind !== 'last_edited_time') {
    throw validationError(
      `${path}.timestamp should be \`"created_time"\` or \`"last_edited_time"\`, ` +
        `instead was ${quote(kind)}.`,
    );
  }
  const test = dateTest(expectObject(filter[kind], `${path}.${kind}`), `${path}.${kind}`, nowMs);
  return kind === 'created_time'
    ? (page) => test(floorToMinute(page.createdMs))
    : (page) => test(floorToMinute(page.editedMs));
}

function propertyFilter(
  filter: JsonObject,
  path: string,
  dataSource: DataSourceRecord,
  nowMs: number,
): RowPredicate {
  const name = textOf(filter.property);
  const property = findProperty(dataSource, name);
  if (property === undefined) {
    throw validationError(`Could not find property with name or id: ${name}`);
  }
  const key = Object.keys(filter).find((k) => k !== 'property' && k !== 'type');
  const condition = key === undefined ? undefined : filter[key];
  if (key === undefined || !accepts(property, key) || !isObject(condition)) {
    throw validationError(
      `${path} should use a ${property.type} condition for property ${property.name}.`,
    );
  }
  const extract = (page: PageRecord) => valueOf(page, property);
  return conditionFor(property, condition, `${path}.${key}`, nowMs, extract);
}

function accepts(property: PropertySchema, key: string): boolean {
  const textual = ['title', 'rich_text', 'url', 'email', 'phone_number'];
  return key === property.type || (textual.includes(property.type) && key === 'rich_text');
}

function conditionFor(
  property: PropertySchema,
  condition: JsonObject,
  path: string,
  nowMs: number,
  extract: (page: PageRecord) => Json,
): RowPredicate {
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return wrap(textTest(condition, path), (page) => plainTextOf(extract(page)));
    case 'url':
    case 'email':
    case 'phone_number':
      return wrap(textTest(condition, path), (page) => textOf(extract(page)));
    case 'number':
      return wrap(numberTest(condition, path), (page) => numberOf(extract(page)));
    case 'unique_id':
      return wrap(numberTest(condition, path), (page) => page.uniqueNumber);
    case 'checkbox':
      return wrap(checkboxTest(condition, path), (page) => extract(page) === true);
    case 'select':
    case 'status': {
      const operators = { equal: 'equals', notEqual: 'does_not_equal' };
      return wrap(setTest(condition, path, operators), (page) => namesOf(extract(page)));
    }
    case 'multi_select': {
      const operators = { equal: 'contains', notEqual: 'does_not_contain' };
      return wrap(setTest(condition, path, operators), (page) => namesOf(extract(page)));
    }
    case 'relation':
    case 'people':
    case 'created_by':
    case 'last_edited_by': {
      const operators = { equal: 'contains', notEqual: 'does_not_contain' };
      return wrap(setTest(condition, path, operators), (page) => idsOf(extract(page)));
    }
    case 'date':
      return wrap(dateTest(condition, path, nowMs), (page) => dateValueMs(extract(page)));
    case 'created_time':
      return wrap(dateTest(condition, path, nowMs), (page) => floorToMinute(page.createdMs));
    case 'last_edited_time':
      return wrap(dateTest(condition, path, nowMs), (page) => floorToMinute(page.editedMs));
    default:
      throw validationError(`${path} filters on ${property.type} properties are not supported.`);
  }
}

function wrap<T>(test: ValueTest<T>, extract: (page: PageRecord) => T): RowPredicate {
  return (page) => test(extract(page));
}

function numberOf(value: Json): number | null {
  return typeof value === 'number' ? value : null;
}

function namesOf(value: Json): string[] {
  const items = Array.isArray(value) ? value : value === null ? [] : [value];
  return items.flatMap((item) =>
    isObject(item) && typeof item.name === 'string' ? [item.name] : [],
  );
}

function idsOf(value: Json): string[] {
  const items = Array.isArray(value) ? value : value === null ? [] : [value];
  return items.flatMap((item) => (isObject(item) && typeof item.id === 'string' ? [item.id] : []));
}
