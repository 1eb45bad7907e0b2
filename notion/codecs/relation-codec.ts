import { normalizeNotionId } from '../notion-id';
import { compareCodePoints } from './choice-codecs';
import { fail, isRecord, type Codec } from './codec';

/** Relations are sets of page ids: lower-case, dashed, without duplicates, sorted. */
function canonicalRelation(value: unknown): string[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    return fail('relation', value, 'expected an array of page ids');
  }
  const ids = value.map((item: unknown) => pageId(isRecord(item) ? item.id : item));
  return [...new Set(ids)].sort(compareCodePoints);
}

function pageId(value: unknown): string {
  const id = typeof value === 'string' ? normalizeNotionId(value) : undefined;
  return id ?? fail('relation', value, 'not a Notion page id');
}

/**
 * Relation: a sorted set of page ids. A page read lists at most 25; when Notion says `has_more`,
 * decoding refuses rather than report a shorter set, and the caller reads the property in full.
 */
export const relationCodec: Codec<string[]> = {
  canonicalize: canonicalRelation,
  encode: (value) => ({ relation: value.map((id) => ({ id })) }),
  decode: (property) => {
    if (property.has_more === true) {
      return fail('relation', property.relation, 'truncated at 25 items: read the page property');
    }
    return canonicalRelation(property.relation);
  },
};
