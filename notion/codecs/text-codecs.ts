import { fail, isBlank, type Codec, type PropertyType, type TextItemWrite } from './codec';

/** Notion refuses a `text.content` longer than this many characters. */
export const maxTextContentLength = 2000;

/**
 * Splits text into runs of at most 2,000 characters, never between the halves of a surrogate
 * pair.
 */
export function splitText(text: string, limit = maxTextContentLength): string[] {
  const runs: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + limit, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) {
      end -= 1;
    }
    runs.push(text.slice(start, end));
    start = end;
  }
  return runs;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function canonicalText(type: PropertyType, value: unknown): string | null {
  if (isBlank(value)) {
    return null;
  }
  return typeof value === 'string' ? value : fail(type, value, 'expected a string');
}

function toTextItems(text: string | null): TextItemWrite[] {
  return splitText(text ?? '').map((content) => ({ type: 'text', text: { content } }));
}

/** Joins the plain text of every run, whatever its kind (text, mention, equation). */
function joinRuns(type: PropertyType, runs: unknown): string | null {
  if (!Array.isArray(runs)) {
    return fail(type, runs, 'expected an array of rich text');
  }
  const text = runs.map((run) => plainTextOf(type, run)).join('');
  return text === '' ? null : text;
}

function plainTextOf(type: PropertyType, run: unknown): string {
  const item = run as { plain_text?: unknown; text?: { content?: unknown } } | null;
  const text = item?.plain_text ?? item?.text?.content;
  return typeof text === 'string' ? text : fail(type, run, 'a rich-text item has no text');
}

/** Title: plain text, split into 2,000-character runs; annotations and links are not kept. */
export const titleCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalText('title', value),
  encode: (value) => ({ title: toTextItems(value) }),
  decode: (property) => joinRuns('title', property.title),
};

/** Rich text: like title. */
export const richTextCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalText('rich_text', value),
  encode: (value) => ({ rich_text: toTextItems(value) }),
  decode: (property) => joinRuns('rich_text', property.rich_text),
};

function stringProperty(type: PropertyType, property: Record<string, unknown>): string | null {
  return canonicalText(type, property[type]);
}

/** URL: a string kept exactly, the empty string read as no value. */
export const urlCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalText('url', value),
  encode: (value) => ({ url: value }),
  decode: (property) => stringProperty('url', property),
};

/** Email: like URL. */
export const emailCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalText('email', value),
  encode: (value) => ({ email: value }),
  decode: (property) => stringProperty('email', property),
};

/** Phone number: like URL. */
export const phoneNumberCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalText('phone_number', value),
  encode: (value) => ({ phone_number: value }),
  decode: (property) => stringProperty('phone_number', property),
};
