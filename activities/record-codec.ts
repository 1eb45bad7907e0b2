import { PropertyCodecError } from '../notion/errors';
import {
  canonicalize,
  decodeProperty,
  encodeProperty,
  type PropertyValueWrite,
} from '../notion/property-codecs';
import type { FieldMapping, RecordValues, SyncMappingDefinition } from '../sync/mapping';
import { stableStringify } from '../sync/stable-json';
import { RecordValueError } from './errors';
import type { NotionPage } from './sync-notion';

/**
 * The canonical values of a database row; throws `RecordValueError` for a value Notion cannot hold.
 */
export function localValuesOf(
  mapping: SyncMappingDefinition,
  row: Record<string, unknown>,
  localId: string,
): RecordValues {
  const values: RecordValues = {};
  for (const field of mapping.fields) {
    values[field.column] = guarded({ localId }, field, () =>
      canonicalLocal(field, row[field.column]),
    );
  }
  return values;
}

/**
 * The canonical values of a page; throws `RecordValueError` for a missing or unreadable property.
 */
export function remoteValuesOf(mapping: SyncMappingDefinition, page: NotionPage): RecordValues {
  const values: RecordValues = {};
  for (const field of mapping.fields) {
    const property = page.properties[field.property];
    values[field.column] = guarded({ pageId: page.id }, field, () => decodeRemote(field, property));
  }
  return values;
}

/** The page's key property: the local id it carries, if any. */
export function pageKeyOf(mapping: SyncMappingDefinition, page: NotionPage): string | undefined {
  const property = page.properties[mapping.keyProperty];
  if (property === undefined) {
    return undefined;
  }
  try {
    return decodeProperty('rich_text', property) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Notion property values for `values` (any subset of columns), plus the key when given. */
export function propertiesOf(
  mapping: SyncMappingDefinition,
  values: RecordValues,
  localId?: string,
): Record<string, PropertyValueWrite> {
  const properties: Record<string, PropertyValueWrite> = {};
  for (const field of mapping.fields) {
    if (field.column in values) {
      const value = values[field.column];
      properties[field.property] = encodeProperty(
        field.type,
        field.format === 'json' ? stableStringify(value) : value,
      );
    }
  }
  if (localId !== undefined) {
    properties[mapping.keyProperty] = encodeProperty('rich_text', localId);
  }
  return properties;
}

function canonicalLocal(field: FieldMapping, value: unknown): unknown {
  if (field.format === 'json') {
    return value === null || value === undefined
      ? {}
      : (JSON.parse(stableStringify(value)) as unknown);
  }
  return canonicalize(field.type, value);
}

function decodeRemote(field: FieldMapping, property: unknown): unknown {
  if (property === undefined) {
    throw new PropertyCodecError(
      field.type,
      undefined,
      `the page has no ${field.property} property`,
    );
  }
  const decoded = decodeProperty(field.type, property);
  if (field.format !== 'json') {
    return decoded;
  }
  return decoded === null ? {} : parseJson(field, decoded);
}

function parseJson(field: FieldMapping, text: unknown): unknown {
  try {
    return JSON.parse(String(text)) as unknown;
  } catch {
    throw new PropertyCodecError(field.type, text, `${field.property} is not valid JSON`);
  }
}

function guarded<T>(
  ids: { localId?: string; pageId?: string },
  field: FieldMapping,
  read: () => T,
): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PropertyCodecError || error instanceof SyntaxError) {
      throw new RecordValueError(`${field.property}: ${error.message}`, ids, error);
    }
    throw error;
  }
}
