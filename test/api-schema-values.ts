import { randomUUID } from 'node:crypto';

/** A JSON Schema node of the OpenAPI 3.1 document, as far as the body generator reads it. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** A place inside a generated value, with the schema that governs it. */
export interface Location {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Resolves `$ref`s against the document's component schemas. */
export function resolver(components: Record<string, JsonSchema>) {
  return function resolve(schema: JsonSchema): JsonSchema {
    if (schema.$ref === undefined) {
      return schema;
    }
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(components[name] ?? {});
  };
}

/** The branches of a union schema, or the schema itself. */
export function variantsOf(schema: JsonSchema): JsonSchema[] {
  return schema.oneOf ?? schema.anyOf ?? [schema];
}

function exampleString(schema: JsonSchema): string {
  if (schema.format === 'uuid') {
    return randomUUID();
  }
  if (schema.format === 'email') {
    return 'someone@example.test';
  }
  if (schema.format === 'date-time') {
    return new Date().toISOString();
  }
  if (schema.pattern === '^[A-Za-z0-9_-]{43}$') {
    return 'A'.repeat(43);
  }
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/** A valid value of `schema`; for unions, the branch `variant` (mod the branch count). */
export function exampleOf(
  schema: JsonSchema,
  resolve: (schema: JsonSchema) => JsonSchema,
  variant = 0,
): unknown {
  const resolved = resolve(schema);
  const variants = variantsOf(resolved);
  if (variants.length > 1) {
    return exampleOf(variants[variant % variants.length] as JsonSchema, resolve);
  }
  if (resolved.const !== undefined) {
    return resolved.const;
  }
  if (resolved.enum !== undefined) {
    return resolved.enum[0];
  }
  switch (resolved.type) {
    case 'object': {
      const entries = Object.entries(resolved.properties ?? {});
      const value = Object.fromEntries(entries.map(([key, sub]) => [key, exampleOf(sub, resolve)]));
      return entries.length === 0 && resolved.additionalProperties !== false ? { k: 'v' } : value;
    }
    case 'array':
      return Array.from({ length: Math.max(resolved.minItems ?? 1, 1) }, () =>
        exampleOf(resolved.items ?? {}, resolve),
      );
    case 'string':
      return exampleString(resolved);
    case 'integer':
    case 'number':
      return Math.min(Math.max(resolved.minimum ?? 1, 1), resolved.maximum ?? 1);
    case 'boolean':
      return true;
    default:
      return 'v';
  }
}

/** Every place in `value` with its schema, the root included. */
export function locationsOf(
  value: unknown,
  schema: JsonSchema,
  resolve: (schema: JsonSchema) => JsonSchema,
  path: (string | number)[] = [],
): Location[] {
  const resolved = resolve(schema);
  const branch = variantsOf(resolved).find((candidate) =>
    matchesDiscriminator(value, resolve(candidate)),
  );
  const own = branch === undefined ? resolved : resolve(branch);
  const here: Location = { path, schema: own };
  if (Array.isArray(value)) {
    return [
      here,
      ...value.flatMap((item, index) =>
        locationsOf(item, own.items ?? {}, resolve, [...path, index]),
      ),
    ];
  }
  if (typeof value === 'object' && value !== null) {
    const nested = Object.entries(value).flatMap(([key, item]) => {
      const sub =
        own.properties?.[key] ??
        (typeof own.additionalProperties === 'object' ? own.additionalProperties : {});
      return locationsOf(item, sub, resolve, [...path, key]);
    });
    return [here, ...nested];
  }
  return [here];
}

function matchesDiscriminator(value: unknown, candidate: JsonSchema): boolean {
  if (typeof value !== 'object' || value === null || candidate.properties === undefined) {
    return false;
  }
  return Object.entries(candidate.properties).every(([key, sub]) => {
    const fixed = sub.const ?? (sub.enum?.length === 1 ? sub.enum[0] : undefined);
    return fixed === undefined || (value as Record<string, unknown>)[key] === fixed;
  });
}

/** Whether the schema constrains its value at all (`{}` accepts anything). */
export function isConstrained(schema: JsonSchema): boolean {
  return Object.keys(schema).length > 0;
}

/** `value` with the place at `path` replaced by `replacement` (or removed when `remove`). */
export function replaceAt(
  value: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
  remove = false,
): unknown {
  if (path.length === 0) {
    return replacement;
  }
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (remove) {
    delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

/** The value at `path` inside `value`. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (current, key) => (current as Record<string | number, unknown>)[key],
    value,
  );
}
