/** The body path and page property a `validation_error` message names. */
export interface ValidationField {
  field?: string;
  property?: string;
}

const bodyPath = /\bbody\.(\S.*?)(?:\.length)?\s+(?:should|must|is|has|was|exceeds)\b/;
const propertyFirst = /^(.+?) is (?:expected to be|not a property)/;

/**
 * Reads the field out of a Notion `validation_error` message, which names it either as a body path
 * (`body.properties.Name.title[0].text.content.length should be ≤ 2000`) or, for property
 * mismatches, by the property's name first (`Status is expected to be select.`).
 */
export function parseValidationField(message: string): ValidationField {
  const path = bodyPath.exec(message)?.[1];
  if (path === 'length') {
    return { field: 'body' };
  }
  if (path !== undefined) {
    return { field: path, property: propertyOf(path) };
  }
  const name = propertyFirst.exec(message)?.[1];
  if (name !== undefined) {
    return { field: `properties.${name}`, property: name };
  }
  return {};
}

function propertyOf(path: string): string | undefined {
  if (!path.startsWith('properties.')) {
    return undefined;
  }
  const rest = path.slice('properties.'.length);
  const end = rest.search(/[.[]/);
  return end === -1 ? rest : rest.slice(0, end);
}
