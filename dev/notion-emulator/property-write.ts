import { plainValidationError, quote, validationError } from './errors';
import { normalizeId } from './ids';
import { limits } from './limits';
import type { Json, JsonObject, PropertySchema, SelectOption } from './model';
import { normalizeRichText } from './rich-text';
import { checkOptionName, newOption, readOnlyTypes } from './schema';
import {
  expectArray,
  expectBoolean,
  expectNullableNumber,
  expectNullableString,
  expectObject,
  isObject,
  textOf,
} from './validation';

/** What a write needs to know besides the value: users that exist, options to create. */
export interface WriteContext {
  isKnownUser(id: string): boolean;
  /** Options created by this request; added to the schema only if the whole write is valid. */
  pendingOptions: Array<{ property: PropertySchema; option: SelectOption }>;
}

const datePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Validates one property value of a write request and returns the value to store. */
export function writeValue(
  property: PropertySchema,
  raw: Json,
  path: string,
  context: WriteContext,
): Json {
  if (readOnlyTypes.has(property.type)) {
    throw plainValidationError(
      `${property.name} is a ${property.type} property, which is read-only and cannot be updated.`,
    );
  }
  const inner = innerValue(property, raw, path);
  const innerPath = `${path}.${property.type}`;
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return normalizeRichText(inner, innerPath);
    case 'number':
      return expectNullableNumber(inner, innerPath);
    case 'checkbox':
      return expectBoolean(inner, innerPath);
    case 'url':
      return expectNullableString(inner, innerPath, limits.url);
    case 'email':
      return expectNullableString(inner, innerPath, limits.email);
    case 'phone_number':
      return expectNullableString(inner, innerPath, limits.phoneNumber);
    case 'select':
    case 'status':
      return inner === null ? null : optionRef(property, inner, innerPath, context);
    case 'multi_select':
      return multiSelect(property, inner, innerPath, context);
    case 'date':
      return dateValue(inner, innerPath);
    case 'relation':
      return idList(inner, innerPath, () => true).map((id) => ({ id }));
    case 'people':
      return idList(inner, innerPath, (id) => context.isKnownUser(id)).map((id) => ({
        object: 'user',
        id,
      }));
    default:
      return expectArray(inner, innerPath, limits.arrayItems);
  }
}

function innerValue(property: PropertySchema, raw: Json, path: string): Json {
  const value = expectObject(raw, path);
  if (value[property.type] !== undefined) {
    return value[property.type] ?? null;
  }
  throw plainValidationError(`${property.name} is expected to be ${property.type}.`);
}

function optionRef(
  property: PropertySchema,
  raw: Json,
  path: string,
  context: WriteContext,
): JsonObject {
  const ref = expectObject(raw, path);
  const option = findOption(property, ref, path, context);
  return { id: option.id, name: option.name, color: option.color };
}

function findOption(
  property: PropertySchema,
  ref: JsonObject,
  path: string,
  context: WriteContext,
): SelectOption {
  const pending = context.pendingOptions
    .filter((entry) => entry.property === property)
    .map((entry) => entry.option);
  const known = [...property.options, ...pending];
  const found =
    typeof ref.id === 'string'
      ? known.find((option) => option.id === ref.id)
      : known.find((option) => option.name === ref.name);
  if (found !== undefined) {
    return found;
  }
  if (typeof ref.id === 'string' || property.type === 'status') {
    throw validationError(
      `${path} should name an existing option of ${property.name}, instead was ${quote(ref)}.`,
    );
  }
  // Like Notion, a new select or multi-select name creates the option.
  const option = newOption(checkOptionName(ref.name, `${path}.name`), known.length);
  context.pendingOptions.push({ property, option });
  return option;
}

function multiSelect(
  property: PropertySchema,
  raw: Json,
  path: string,
  context: WriteContext,
): JsonObject[] {
  const list = expectArray(raw, path, limits.arrayItems);
  const seen = new Set<string>();
  const result: JsonObject[] = [];
  list.forEach((item, index) => {
    const option = optionRef(property, item, `${path}[${index}]`, context);
    if (!seen.has(textOf(option.id))) {
      seen.add(textOf(option.id));
      result.push(option);
    }
  });
  return result;
}

function dateValue(raw: Json, path: string): JsonObject | null {
  if (raw === null) {
    return null;
  }
  const date = expectObject(raw, path);
  const start = checkDate(date.start, `${path}.start`);
  const end =
    date.end === undefined || date.end === null ? null : checkDate(date.end, `${path}.end`);
  const timeZone = typeof date.time_zone === 'string' ? date.time_zone : null;
  return { start, end, time_zone: timeZone };
}

function checkDate(value: Json | undefined, path: string): string {
  if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw validationError(
      `${path} should be a valid ISO 8601 date string, instead was ${quote(value)}.`,
    );
  }
  return value;
}

function idList(raw: Json, path: string, exists: (id: string) => boolean): string[] {
  const list = expectArray(raw, path, limits.arrayItems);
  return list.map((item, index) => {
    const itemPath = `${path}[${index}].id`;
    const id = isObject(item) && typeof item.id === 'string' ? normalizeId(item.id) : undefined;
    if (id === undefined || !exists(id)) {
      const given = quote(isObject(item) ? item.id : item);
      throw validationError(`${itemPath} should be a valid uuid, instead was ${given}.`);
    }
    return id;
  });
}
