import type { ApiContext } from './context';
import { plainValidationError, validationError } from './errors';
import { newPropertyId } from './ids';
import { bodyId, requireDataSource } from './lookup';
import type { DataSourceRecord, Json, JsonObject, PropertySchema } from './model';
import { findProperty } from './property-lookup';
import { defaultValue } from './property-read';
import { buildProperty, checkOptionName, configuredType, newOption } from './schema';
import { expectObject, expectString, isObject } from './validation';

/** Builds a new data source's schema; it must hold exactly one title property. */
export function buildSchema(raw: Json | undefined, context: ApiContext, path: string) {
  const requested = raw === undefined ? { Name: { title: {} } } : expectObject(raw, path);
  const properties: PropertySchema[] = [];
  const taken = new Set<string>();
  for (const [name, config] of Object.entries(requested)) {
    const property = newSchemaProperty(name, config, context, `${path}.${name}`, taken);
    taken.add(property.id);
    properties.push(property);
  }
  const titles = properties.filter((property) => property.type === 'title').length;
  if (titles !== 1) {
    throw validationError(
      `${path} should have exactly one title property, instead had \`${titles}\`.`,
    );
  }
  return properties;
}

function newSchemaProperty(
  name: string,
  config: Json,
  context: ApiContext,
  path: string,
  taken: ReadonlySet<string>,
): PropertySchema {
  const object = expectObject(config, path);
  const property = buildProperty(newPropertyId(taken), name, object, path);
  if (property.type === 'relation') {
    const relation = expectObject(object.relation, `${path}.relation`);
    const target = requireDataSource(
      context,
      bodyId(relation.data_source_id, `${path}.relation.data_source_id`),
    );
    property.relation = { dataSourceId: target.id, databaseId: target.databaseId };
  }
  return property;
}

/**
 * Applies a data source PATCH's `properties`: `null` removes, `{ name }` renames (ids stay),
 * a type configuration changes the type or adds options, and an unknown key adds a property.
 */
export function patchSchema(dataSource: DataSourceRecord, raw: Json, context: ApiContext): void {
  const changes = expectObject(raw, 'body.properties');
  for (const [key, change] of Object.entries(changes)) {
    const path = `body.properties.${key}`;
    const existing = findProperty(dataSource, key);
    if (existing === undefined) {
      addProperty(dataSource, key, change, context, path);
    } else if (change === null) {
      removeProperty(dataSource, existing);
    } else {
      changeProperty(dataSource, existing, expectObject(change, path), context, path);
    }
  }
}

function addProperty(
  dataSource: DataSourceRecord,
  key: string,
  change: Json,
  context: ApiContext,
  path: string,
): void {
  if (change === null) {
    throw plainValidationError(`${key} is not a property that exists.`);
  }
  const taken = new Set(dataSource.properties.map((property) => property.id));
  const name = isObject(change) && typeof change.name === 'string' ? change.name : key;
  const property = newSchemaProperty(name, change, context, path, taken);
  if (property.type === 'title') {
    throw validationError(`${path} cannot add a second title property.`);
  }
  dataSource.properties.push(property);
}

function removeProperty(dataSource: DataSourceRecord, property: PropertySchema): void {
  if (property.type === 'title') {
    throw plainValidationError('Cannot delete the title property.');
  }
  dataSource.properties = dataSource.properties.filter((other) => other !== property);
}

function changeProperty(
  dataSource: DataSourceRecord,
  property: PropertySchema,
  change: JsonObject,
  context: ApiContext,
  path: string,
): void {
  if (change.name !== undefined) {
    property.name = expectString(change.name, `${path}.name`, 100);
  }
  const hasType = Object.keys(change).some((key) => key !== 'name' && key !== 'description');
  if (!hasType) {
    return;
  }
  const type = configuredType(change, path);
  if (type !== property.type) {
    const replacement = newSchemaProperty(property.name, change, context, path, new Set());
    Object.assign(property, { ...replacement, id: property.id });
    for (const page of dataSource.rows) {
      page.values[property.id] = defaultValue(property);
    }
    return;
  }
  addOptions(property, change[type], `${path}.${type}`);
}

function addOptions(property: PropertySchema, config: Json | undefined, path: string): void {
  if (!isObject(config) || !Array.isArray(config.options)) {
    return;
  }
  config.options.forEach((raw, index) => {
    const option = expectObject(raw, `${path}.options[${index}]`);
    const name = checkOptionName(option.name, `${path}.options[${index}].name`);
    if (!property.options.some((known) => known.name === name)) {
      const color = typeof option.color === 'string' ? option.color : undefined;
      property.options.push(newOption(name, property.options.length, color));
    }
  });
}
