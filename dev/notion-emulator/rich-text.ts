import { quote, validationError } from './errors';
import { limits } from './limits';
import type { Json, JsonObject } from './model';
import { expectArray, expectObject, expectString, isObject, textOf } from './validation';

const annotationKeys = ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const;

/** Validates a request's rich-text array and returns it in Notion's response shape. */
export function normalizeRichText(value: unknown, path: string): JsonObject[] {
  const items = expectArray(value, path, limits.arrayItems);
  return items.map((item, index) => normalizeItem(item, `${path}[${index}]`));
}

/** A plain text value as a one-item rich-text array in response shape. */
export function plainRichText(content: string): JsonObject[] {
  return content === '' ? [] : [textItem(content, null, defaultAnnotations())];
}

/** The concatenated plain text of a response-shaped rich-text array. */
export function plainTextOf(value: Json | undefined): string {
  if (!Array.isArray(value)) {
    return '';
  }
  return value.map((item) => (isObject(item) ? textOf(item.plain_text) : '')).join('');
}

function normalizeItem(raw: Json, path: string): JsonObject {
  const item = expectObject(raw, path);
  const annotations = normalizeAnnotations(item.annotations, `${path}.annotations`);
  if (item.text !== undefined) {
    return normalizeText(item.text, path, annotations);
  }
  if (item.equation !== undefined) {
    const equation = expectObject(item.equation, `${path}.equation`);
    const expression = expectString(
      equation.expression,
      `${path}.equation.expression`,
      limits.equationExpression,
    );
    return {
      type: 'equation',
      equation: { expression },
      annotations,
      plain_text: expression,
      href: null,
    };
  }
  if (item.mention !== undefined) {
    return normalizeMention(item.mention, path, annotations);
  }
  throw validationError(`${path}.text should be defined, instead was \`undefined\`.`);
}

function normalizeText(raw: Json, path: string, annotations: JsonObject): JsonObject {
  const text = expectObject(raw, `${path}.text`);
  const content = expectString(text.content, `${path}.text.content`, limits.richTextContent);
  let link: JsonObject | null = null;
  if (text.link !== undefined && text.link !== null) {
    const linkObject = expectObject(text.link, `${path}.text.link`);
    link = { url: expectString(linkObject.url, `${path}.text.link.url`, limits.linkUrl) };
  }
  return textItem(content, link, annotations);
}

function normalizeMention(raw: Json, path: string, annotations: JsonObject): JsonObject {
  const mention = expectObject(raw, `${path}.mention`);
  const [kind] = Object.keys(mention).filter((key) => key !== 'type');
  if (kind === undefined || !['user', 'page', 'database', 'date'].includes(kind)) {
    const kinds = 'a user, page, database or date mention';
    throw validationError(`${path}.mention should be ${kinds}, instead was ${quote(mention)}.`);
  }
  const target = expectObject(mention[kind], `${path}.mention.${kind}`);
  const label = kind === 'date' ? textOf(target.start) : `@${textOf(target.id)}`;
  return {
    type: 'mention',
    mention: { type: kind, [kind]: target },
    annotations,
    plain_text: label,
    href: null,
  };
}

function textItem(content: string, link: JsonObject | null, annotations: JsonObject): JsonObject {
  return {
    type: 'text',
    text: { content, link },
    annotations,
    plain_text: content,
    href: link === null ? null : (link.url ?? null),
  };
}

function defaultAnnotations(): JsonObject {
  return {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: 'default',
  };
}

function normalizeAnnotations(raw: Json | undefined, path: string): JsonObject {
  const annotations = defaultAnnotations();
  if (raw === undefined) {
    return annotations;
  }
  const given = expectObject(raw, path);
  for (const key of annotationKeys) {
    if (typeof given[key] === 'boolean') {
      annotations[key] = given[key];
    }
  }
  if (typeof given.color === 'string') {
    annotations.color = given.color;
  }
  return annotations;
}
