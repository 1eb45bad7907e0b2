import { randomInt, randomUUID } from 'node:crypto';

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

// Notion's property ids are short strings that arrive URL-encoded (`%3AUPp`); using the same
// alphabet makes a client that double-encodes or decodes them fail here as it would there.
const propertyIdAlphabet =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^';

/** A new object id: a lowercase UUID with dashes, as Notion returns them. */
export function newId(): string {
  return randomUUID();
}

/** The dashed lowercase form of a UUID given with or without dashes, or undefined. */
export function normalizeId(raw: string): string | undefined {
  if (!uuidPattern.test(raw)) {
    return undefined;
  }
  const hex = raw.replace(/-/g, '').toLowerCase();
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/** A new URL-encoded property id that is not in `taken`. */
export function newPropertyId(taken: ReadonlySet<string>): string {
  for (;;) {
    let raw = '';
    for (let i = 0; i < 4; i += 1) {
      raw += propertyIdAlphabet[randomInt(propertyIdAlphabet.length)];
    }
    const id = encodeURIComponent(raw);
    if (!taken.has(id)) {
      return id;
    }
  }
}

/** Whether two property ids name the same property, whatever their percent-encoding. */
export function samePropertyId(a: string, b: string): boolean {
  return a === b || safeDecode(a) === safeDecode(b);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
