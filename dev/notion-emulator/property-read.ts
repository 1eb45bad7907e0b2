import { minuteIso } from './clock';
import { limits } from './limits';
import type { Json, JsonObject, PageRecord, PropertySchema } from './model';

/** The value a new row holds for a property nobody has written. */
export function defaultValue(property: PropertySchema): Json {
  switch (property.type) {
    case 'title':
    case 'rich_text':
    case 'multi_select':
    case 'relation':
    case 'people':
    case 'files':
      return [];
    case 'checkbox':
      return false;
    case 'status': {
      const first = property.options[0];
      return first === undefined ? null : { id: first.id, name: first.name, color: first.color };
    }
    default:
      return null;
  }
}

/** The stored or computed value of one property of a row, before the read caps apply. */
export function valueOf(page: PageRecord, property: PropertySchema): Json {
  switch (property.type) {
    case 'created_time':
      return minuteIso(page.createdMs);
    case 'last_edited_time':
      return minuteIso(page.editedMs);
    case 'created_by':
      return { object: 'user', id: page.createdBy };
    case 'last_edited_by':
      return { object: 'user', id: page.editedBy };
    case 'unique_id':
      return { prefix: prefixOf(property), number: page.uniqueNumber };
    case 'formula':
      return { type: 'string', string: null };
    case 'rollup':
      return { type: 'number', number: null, function: 'count' };
    default:
      return page.values[property.id] ?? defaultValue(property);
  }
}

/** One property of a row in Notion's response shape, with relation and people capped at 25. */
export function renderValue(page: PageRecord, property: PropertySchema): JsonObject {
  const value = valueOf(page, property);
  const rendered: JsonObject = { id: property.id, type: property.type };
  if ((property.type === 'relation' || property.type === 'people') && Array.isArray(value)) {
    rendered[property.type] = value.slice(0, limits.readItemsCap);
    if (property.type === 'relation') {
      rendered.has_more = value.length > limits.readItemsCap;
    }
    return rendered;
  }
  rendered[property.type] = value;
  return rendered;
}

function prefixOf(property: PropertySchema): string | null {
  return typeof property.config.prefix === 'string' ? property.config.prefix : null;
}
