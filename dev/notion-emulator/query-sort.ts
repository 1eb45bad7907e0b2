import { quote, validationError } from './errors';
import { dateValueMs } from './filter-conditions';
import { limits } from './limits';
import type { DataSourceRecord, Json, PageRecord, PropertySchema } from './model';
import { findProperty } from './property-lookup';
import { valueOf } from './property-read';
import { plainTextOf } from './rich-text';
import { expectArray, expectObject, isObject } from './validation';

type SortKey = number | string | null;

interface CompiledSort {
  key: (page: PageRecord) => SortKey;
  sign: 1 | -1;
}

/**
 * Orders rows by a query's `sorts`. Empty values sort last in either direction, as in Notion;
 * ties keep creation order.
 */
export function sortRows(
  pages: PageRecord[],
  raw: Json | undefined,
  dataSource: DataSourceRecord,
): PageRecord[] {
  if (raw === undefined) {
    return pages;
  }
  const sorts = expectArray(raw, 'body.sorts', limits.arrayItems).map((sort, index) =>
    compileSort(sort, `body.sorts[${index}]`, dataSource),
  );
  if (sorts.length === 0) {
    return pages;
  }
  const keyed = pages.map((page) => ({ page, keys: sorts.map((sort) => sort.key(page)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sorts.length; i += 1) {
      const order = compareKeys(a.keys[i] ?? null, b.keys[i] ?? null, sorts[i]?.sign ?? 1);
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
  return keyed.map((entry) => entry.page);
}

function compareKeys(a: SortKey, b: SortKey, sign: 1 | -1): number {
  if (a === b) {
    return 0;
  }
  if (a === null) {
    return 1;
  }
  if (b === null) {
    return -1;
  }
  return (a < b ? -1 : 1) * sign;
}

function compileSort(raw: Json, path: string, dataSource: DataSourceRecord): CompiledSort {
  const sort = expectObject(raw, path);
  const direction = sort.direction;
  if (direction !== 'ascending' && direction !== 'descending') {
    throw validationError(
      `${path}.direction should be \`"ascending"\` or \`"descending"\`, ` +
        `instead was ${quote(direction)}.`,
    );
  }
  const sign = direction === 'ascending' ? 1 : -1;
  if (sort.timestamp === 'created_time') {
    return { key: (page) => page.createdMs, sign };
  }
  if (sort.timestamp === 'last_edited_time') {
    return { key: (page) => page.editedMs, sign };
  }
  if (typeof sort.property !== 'string') {
    throw validationError(
      `${path} should name a property or a timestamp, instead was ${quote(sort)}.`,
    );
  }
  const property = findProperty(dataSource, sort.property);
  if (property === undefined) {
    throw validationError(`Could not find sort property with name or id: ${sort.property}`);
  }
  return { key: (page) => sortKey(page, property), sign };
}

function sortKey(page: PageRecord, property: PropertySchema): SortKey {
  const value = valueOf(page, property);
  switch (property.type) {
    case 'title':
    case 'rich_text': {
      const text = plainTextOf(value).toLowerCase();
      return text === '' ? null : text;
    }
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'checkbox':
      return value === true ? 1 : 0;
    case 'select':
    case 'status':
      return optionIndex(property, value);
    case 'date':
      return dateValueMs(value);
    case 'created_time':
      return page.createdMs;
    case 'last_edited_time':
      return page.editedMs;
    case 'unique_id':
      return page.uniqueNumber;
    default:
      return typeof value === 'string' && value !== '' ? value.toLowerCase() : null;
  }
}

function optionIndex(property: PropertySchema, value: Json): number | null {
  if (!isObject(value)) {
    return null;
  }
  const index = property.options.findIndex((option) => option.id === value.id);
  return index < 0 ? null : index;
}
