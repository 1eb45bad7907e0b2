/**
 * JSON with object keys sorted by UTF-16 code unit at every depth, so equal values always print the
 * same. `undefined` object entries are dropped, as `JSON.stringify` drops them. Written out in
 * one pass, without a sorted copy of the value: the sync hashes every record it touches.
 */
export function stableStringify(value: unknown): string {
  return write(value) ?? 'null';
}

/** Deep equality of JSON values through their stable form. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** The stable JSON of `value`, or undefined where `JSON.stringify` would leave it out. */
function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => write(item) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const entry = write(record[key]);
    if (entry !== undefined) {
      parts.push(`${JSON.stringify(key)}:${entry}`);
    }
  }
  return `{${parts.join(',')}}`;
}
