import { quote, validationError } from './errors';
import { newId } from './ids';
import { limits } from './limits';
import type { JsonObject, PropertySchema, PropertyType, SelectOption, StatusGroup } from './model';
import { expectArray, expectObject, expectString, isObject } from './validation';

/** The property types a schema may declare. */
export const propertyTypes: readonly PropertyType[] = [
  'title',
  'rich_text',
  'number',
  'select',
  'multi_select',
  'status',
  'date',
  'checkbox',
  'url',
  'email',
  'phone_number',
  'relation',
  'people',
  'files',
  'formula',
  'rollup',
  'created_time',
  'created_by',
  'last_edited_time',
  'last_edited_by',
  'unique_id',
];

/** Types whose values the API computes; writes to them are refused. */
export const readOnlyTypes: ReadonlySet<PropertyType> = new Set([
  'formula',
  'rollup',
  'created_time',
  'created_by',
  'last_edited_time',
  'last_edited_by',
  'unique_id',
]);

const optionColors = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple'];

/** Finds the property type a request's property configuration declares. */
export function configuredType(config: JsonObject, path: string): PropertyType {
  const declared = typeof config.type === 'string' ? config.type : undefined;
  const found = propertyTypes.find((type) => type === declared || config[type] !== undefined);
  if (found === undefined) {
    throw validationError(`${path} should declare a property type, instead was ${quote(config)}.`);
  }
  return found;
}

/** Builds a schema property from its request configuration. */
export function buildProperty(
  id: string,
  name: string,
  config: JsonObject,
  path: string,
): PropertySchema {
  const type = configuredType(config, path);
  const typeConfig = isObject(config[type]) ? config[type] : {};
  const property: PropertySchema = {
    id: type === 'title' ? 'title' : id,
    name,
    type,
    description: typeof config.description === 'string' ? config.description : null,
    options: [],
    groups: [],
    config: typeConfig,
  };
  if (type === 'select' || type === 'multi_select') {
    property.options = buildOptions(typeConfig.options, `${path}.${type}.options`);
  }
  if (type === 'status') {
    Object.assign(property, defaultStatus());
  }
  return property;
}

/** A new option for `name`, coloured like the options before it. */
export function newOption(name: string, index: number, color?: string): SelectOption {
  return {
    id: newId(),
    name,
    color: color ?? optionColors[index % optionColors.length] ?? 'default',
    description: null,
  };
}

/** Validates an option name the way Notion does: at most 100 characters and no commas. */
export function checkOptionName(name: unknown, path: string): string {
  const text = expectString(name, path, limits.optionName);
  if (text.includes(',')) {
    throw validationError(`${path} should not contain commas, instead was ${quote(text)}.`);
  }
  return text;
}

function buildOptions(raw: unknown, path: string): SelectOption[] {
  if (raw === undefined) {
    return [];
  }
  const list = expectArray(raw, path, limits.arrayItems);
  return list.map((item, index) => {
    const option = expectObject(item, `${path}[${index}]`);
    const name = checkOptionName(option.name, `${path}[${index}].name`);
    const color = typeof option.color === 'string' ? option.color : undefined;
    return newOption(name, index, color);
  });
}

function defaultStatus(): { options: SelectOption[]; groups: StatusGroup[] } {
  const notStarted = newOption('Not started', 0, 'default');
  const inProgress = newOption('In progress', 0, 'blue');
  const done = newOption('Done', 0, 'green');
  return {
    options: [notStarted, inProgress, done],
    groups: [
      { id: newId(), name: 'To-do', color: 'gray', option_ids: [notStarted.id] },
      { id: newId(), name: 'In progress', color: 'blue', option_ids: [inProgress.id] },
      { id: newId(), name: 'Complete', color: 'green', option_ids: [done.id] },
    ],
  };
}

/** A schema property in Notion's response shape. */
export function renderProperty(property: PropertySchema): JsonObject {
  return {
    id: property.id,
    name: property.name,
    type: property.type,
    description: property.description,
    [property.type]: renderTypeConfig(property),
  };
}

function renderTypeConfig(property: PropertySchema): JsonObject {
  const options = property.options.map((option) => ({ ...option }));
  switch (property.type) {
    case 'select':
    case 'multi_select':
      return { options };
    case 'status':
      return { options, groups: property.groups.map((group) => ({ ...group })) };
    case 'number':
      return {
        format: typeof property.config.format === 'string' ? property.config.format : 'number',
      };
    case 'relation':
      return {
        data_source_id: property.relation?.dataSourceId ?? null,
        database_id: property.relation?.databaseId ?? null,
        type: 'single_property',
        single_property: {},
      };
    default:
      return { ...property.config };
  }
}
