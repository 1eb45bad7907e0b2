import type { ApiContext } from './context';
import { plainValidationError, validationError } from './errors';
import type { BaseRecord, DataSourceRecord, Json, PageRecord, PropertySchema } from './model';
import { findProperty } from './property-lookup';
import { writeValue, type WriteContext } from './property-write';
import { normalizeRichText } from './rich-text';
import { expectObject, isObject } from './validation';

type WriterContext = Pick<ApiContext, 'store' | 'clock' | 'actorId' | 'workspace'>;

/**
 * Validates every property of a write and only then applies them, so a refused write changes
 * nothing. New select options join the schema at the same moment.
 */
export function applyPropertyWrites(
  page: PageRecord,
  dataSource: DataSourceRecord | undefined,
  raw: Json | undefined,
  context: WriterContext,
): void {
  if (raw === undefined) {
    return;
  }
  const properties = expectObject(raw, 'body.properties');
  if (dataSource === undefined) {
    applyChildPageTitle(page, properties);
    return;
  }
  const writeContext: WriteContext = {
    isKnownUser: (id) => context.store.users.get(id)?.workspaceId === context.workspace.id,
    pendingOptions: [],
  };
  const staged = new Map<string, Json>();
  for (const [key, value] of Object.entries(properties)) {
    const property = resolveWritable(dataSource, key);
    staged.set(property.id, writeValue(property, value, `body.properties.${key}`, writeContext));
  }
  for (const { property, option } of writeContext.pendingOptions) {
    property.options.push(option);
  }
  for (const [id, value] of staged) {
    page.values[id] = value;
  }
}

function resolveWritable(dataSource: DataSourceRecord, key: string): PropertySchema {
  const property = findProperty(dataSource, key);
  if (property === undefined) {
    throw plainValidationError(`${key} is not a property that exists.`);
  }
  return property;
}

function applyChildPageTitle(page: PageRecord, properties: Record<string, Json>): void {
  for (const [key, value] of Object.entries(properties)) {
    if (key !== 'title') {
      throw plainValidationError(`${key} is not a property that exists.`);
    }
    const inner = isObject(value) ? value.title : value;
    if (inner === undefined) {
      throw validationError(
        'body.properties.title.title should be defined, instead was `undefined`.',
      );
    }
    page.values.title = normalizeRichText(inner, 'body.properties.title.title');
  }
}

/** Marks an object as edited now by the request's actor. */
export function touch(record: BaseRecord, context: Pick<ApiContext, 'clock' | 'actorId'>): void {
  record.editedMs = context.clock.now();
  record.editedBy = context.actorId;
}
