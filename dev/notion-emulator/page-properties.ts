import type { ApiContext, ApiHandler } from './context';
import { notFound } from './errors';
import { pathId, requirePage } from './lookup';
import type { Json, JsonObject, PageRecord, PropertySchema } from './model';
import { listBody, paginate, readQueryPageRequest } from './pagination';
import { findProperty } from './property-lookup';
import { valueOf } from './property-read';
import { dataSourceOf } from './serialize';

const paginatedTypes = new Set(['title', 'rich_text', 'relation', 'people']);

/**
 * GET /v1/pages/{page_id}/properties/{property_id}: one property; list-valued ones (title,
 * rich text, relation, people) come as paginated property items, past the read cap of 25.
 */
export const getPageProperty: ApiHandler = (context) => {
  const page = requirePage(context, pathId(context, 'page_id'));
  const propertyId = context.params.property_id ?? '';
  const property = propertyOf(page, propertyId, context);
  const value = valueOf(page, property);
  if (!paginatedTypes.has(property.type)) {
    return {
      object: 'property_item',
      id: property.id,
      type: property.type,
      [property.type]: value,
    };
  }
  const items = Array.isArray(value) ? value : [];
  const scope = `property:${page.id}:${property.id}`;
  const listPage = paginate(items, readQueryPageRequest(context.query, scope), scope);
  const results = listPage.results.map((item) => propertyItem(property, item));
  const itemsUrl = `${context.origin}/v1/pages/${page.id}/properties/${property.id}`;
  const nextUrl =
    listPage.next_cursor === null ? null : `${itemsUrl}?start_cursor=${listPage.next_cursor}`;
  return listBody({ ...listPage, results }, 'property_item', {
    property_item: { id: property.id, next_url: nextUrl, type: property.type, [property.type]: {} },
  });
};

function propertyOf(page: PageRecord, propertyId: string, context: ApiContext): PropertySchema {
  const dataSource = dataSourceOf(page, context);
  if (dataSource === undefined) {
    if (propertyId !== 'title') {
      throw notFound('property', propertyId);
    }
    return {
      id: 'title',
      name: 'title',
      type: 'title',
      description: null,
      options: [],
      groups: [],
      config: {},
    };
  }
  const property = findProperty(dataSource, propertyId);
  if (property === undefined) {
    throw notFound('property', propertyId);
  }
  return property;
}

function propertyItem(property: PropertySchema, item: Json): JsonObject {
  return { object: 'property_item', id: property.id, type: property.type, [property.type]: item };
}
