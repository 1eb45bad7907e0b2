import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkPermissions, type Role } from '../api/auth/permissions';
import { executeSql } from '../db/execute-query';
import { createApiHarness, type ApiHarness, type ApiResponse } from './api-harness';
import { connectTestClient, type TestClient } from './temporal-env';
import {
  exampleOf,
  isConstrained,
  locationsOf,
  replaceAt,
  resolver,
  valueAt,
  variantsOf,
  type JsonSchema,
  type Location,
} from './api-schema-values';

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
  permission: string | undefined;
  isProtected: boolean;
}

const bodyLimit = 64 * 1024;
const streamingPaths = new Set(['/events', '/ws']);
let harness: ApiHarness;
let temporal: TestClient;
let admin: string;
let operations: Operation[];
let resolve: (schema: JsonSchema) => JsonSchema;

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> };
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> })
        ?.content;
      return {
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []) as Operation['params'],
        body: content?.['application/json']?.schema,
        permission: op['x-permission'] as string | undefined,
        isProtected: op.security !== undefined,
      };
    }),
  );
}

function concretePath(op: Operation, id: string = crypto.randomUUID()): string {
  return op.path.replace('{id}', id);
}

async function tableCounts(): Promise<Record<string, unknown> | undefined> {
  const result = await executeSql<Record<string, unknown>>(
    harness.database.db,
    sql`
    SELECT (SELECT count(*) FROM agents) AS agents,
           (SELECT count(*) FROM conversation_trees) AS trees,
           (SELECT count(*) FROM conversation_nodes) AS nodes,
           (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM refresh_tokens) AS refresh_tokens,
           (SELECT count(*) FROM event_log) AS events,
           (SELECT count(*) FROM sync_conflicts) AS conflicts`,
  );
  return result.rows[0];
}

function expectJsonError(res: ApiResponse, status: number, label: string): void {
  expect(res.status, label).toBe(status);
  const error = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
  expect(typeof error?.code, label).toBe('string');
  expect(typeof error?.message, label).toBe('string');
}

beforeAll(async () => {
  temporal = await connectTestClient();
  harness = await createApiHarness({
    env: { BODY_LIMIT_BYTES: String(bodyLimit) },
    extra: { temporal: temporal.client },
    isRealtimeIncluded: false,
  });
  admin = await harness.tokenFor('admin');
  const doc = (await (await harness.app.request('/openapi.json')).json()) as OpenApiDocument;
  resolve = resolver(doc.components.schemas);
  operations = operationsOf(doc);
});

afterAll(async () => {
  await harness.close();
  await temporal.close();
});

describe('route inventory', () => {
  it('documents every API route in /openapi.json and serves the docs page', async () => {
    const paths = new Set(operations.map((op) => `${op.method} ${op.path}`));
    for (const route of ['POST /auth/login', 'GET /agents', 'POST /nodes', 'POST /query']) {
      expect(paths.has(route), route).toBe(true);
    }
    const docs = await harness.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('answers 401 on every protected route without a token or with a garbage one', async () => {
    for (const op of operations.filter((candidate) => candidate.isProtected)) {
      const none = await harness.call(op.method, concretePath(op));
      const garbage = await harness.call(op.method, concretePath(op), { token: 'not.a.jwt' });
      expectJsonError(none, 401, `${op.method} ${op.path}`);
      expectJsonError(garbage, 401, `${op.method} ${op.path}`);
    }
  });

  it('answers 403 exactly where the policy table denies the role', async () => {
    const guarded = operations.filter((op) => op.permission !== undefined);
    expect(guarded.length).toBeGreaterThan(10);
    for (const role of ['admin', 'operator', 'viewer'] as Role[]) {
      const token = await harness.tokenFor(role);
      for (const op of guarded) {
        const [resource, action] = (op.permission as string).split(':') as [never, never];
        const isAllowed = checkPermissions({ id: crypto.randomUUID(), role }, resource, action);
        const res = await harness.call(op.method, concretePath(op), {
          token,
          ...(op.body ? { json: {} } : {}),
        });
        const label = `${role} ${op.method} ${op.path}`;
        if (isAllowed) {
          expect(res.status, label).not.toBe(403);
          expect(res.status, label).toBeLessThan(500);
        } else {
          expectJsonError(res, 403, label);
        }
      }
    }
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    expectJsonError(await harness.call('GET', '/nope', { token: admin }), 404, 'GET /nope');
    expectJsonError(await harness.call('PUT', '/agents', { token: admin }), 404, 'PUT /agents');
  });
});

type Mutation = (body: unknown, locations: Location[], pick: number, junk: string) => unknown;

const nonObjects: unknown[] = [[], 42, 'text', null, true];

const mutations: Record<string, Mutation> = {
  unknownField: (body, locations, pick, junk) => {
    const objects = locations.filter((loc) => loc.schema.additionalProperties === false);
    const target = objects[pick % objects.length] as Location;
    const key = `zz_${junk.replace(/[^a-z]/gi, '')}`;
    return replaceAt(body, [...target.path, key], 'surplus');
  },
  wrongType: (body, locations, pick) => {
    const places = locations.filter((loc) => isConstrained(loc.schema));
    const target = places[pick % places.length] as Location;
    const current = valueAt(body, target.path);
    const wrong = [{ nested: true }, [1], 7.5, 'str', false].find(
      (candidate) =>
        typeof candidate !== typeof current || Array.isArray(current) !== Array.isArray(candidate),
    );
    return replaceAt(body, target.path, wrong);
  },
  nulByte: (body, locations, pick, junk) =>
    insertIntoString(body, locations, pick, `${junk}\u0000`),
  loneSurrogate: (body, locations, pick, junk) =>
    insertIntoString(body, locations, pick, `${junk}${pick % 2 === 0 ? '\uD800' : '\uDFFF'}`),
  missingRequired: (body, locations, pick) => {
    const withRequired = locations.filter((loc) => (loc.schema.required ?? []).length > 0);
    const target = withRequired[pick % withRequired.length];
    if (target === undefined) {
      return nonObjects[pick % nonObjects.length];
    }
    const required = target.schema.required as string[];
    return replaceAt(body, [...target.path, required[pick % required.length] as string], 0, true);
  },
  notAnObject: (_body, _locations, pick) => nonObjects[pick % nonObjects.length],
};

function insertIntoString(body: unknown, locations: Location[], pick: number, text: string) {
  const strings = locations.filter((loc) => typeof valueAt(body, loc.path) === 'string');
  const target = strings[pick % strings.length];
  if (target === undefined) {
    return text;
  }
  return replaceAt(body, target.path, `${String(valueAt(body, target.path))}${text}`);
}

function bodyOperations(): Operation[] {
  return operations.filter((op) => op.body !== undefined);
}

describe('invalid bodies on every route (property)', () => {
  it('answers 400 with the JSON error body and writes nothing', async () => {
    const ops = bodyOperations();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ops.length - 1 }),
        fc.constantFrom(...Object.keys(mutations)),
        fc.nat({ max: 1000 }),
        fc.string({ maxLength: 8 }),
        async (opIndex, mutationName, pick, junk) => {
          const op = ops[opIndex] as Operation;
          seen.add(`${op.method} ${op.path}`);
          const schema = op.body as JsonSchema;
          const base = exampleOf(schema, resolve, pick % variantsOf(resolve(schema)).length);
          const locations = locationsOf(base, schema, resolve);
          const body = (mutations[mutationName] as Mutation)(base, locations, pick, junk);
          const before = await tableCounts();
          const res = await harness.call(op.method, concretePath(op), { token: admin, json: body });
          const label = `${op.method} ${op.path} ${mutationName} ${JSON.stringify(body)}`;
          expectJsonError(res, 400, label);
          expect(await tableCounts(), label).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
    expect(seen.size).toBe(ops.length);
  });
});

describe('malformed requests on every body route', () => {
  it('answers malformed JSON with 400 malformed_request', async () => {
    for (const op of bodyOperations()) {
      const res = await harness.call(op.method, concretePath(op), { token: admin, raw: '{"a":' });
      expectJsonError(res, 400, `${op.method} ${op.path}`);
      expect(res.body).toMatchObject({ error: { code: 'malformed_request' } });
    }
  });

  it('answers a body over the limit with 413 and writes nothing', async () => {
    const before = await tableCounts();
    for (const op of bodyOperations()) {
      const raw = JSON.stringify({ padding: 'x'.repeat(bodyLimit) });
      const res = await harness.call(op.method, concretePath(op), { token: admin, raw });
      expectJsonError(res, 413, `${op.method} ${op.path}`);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('answers a body that is not JSON with 415', async () => {
    for (const op of bodyOperations()) {
      const res = await harness.call(op.method, concretePath(op), {
        token: admin,
        raw: 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expectJsonError(res, 415, `${op.method} ${op.path}`);
    }
  });
});

describe('invalid parameters on every route', () => {
  const badIds = ["1' OR '1'='1", '%00', '..%2F..%2Fetc', 'x'.repeat(300)];

  it('answers a malformed path id with 400', async () => {
    for (const op of operations.filter((candidate) => candidate.path.includes('{id}'))) {
      const idParam = op.params.find((param) => param.name === 'id');
      const ids = idParam?.schema.format === 'uuid' ? [...badIds, 'not-a-uuid'] : badIds;
      for (const id of ids) {
        const res = await harness.call(op.method, concretePath(op, id), {
          token: admin,
          ...(op.body ? { json: {} } : {}),
        });
        expectJsonError(res, 400, `${op.method} ${op.path} ${id}`);
      }
    }
  });

  it('answers unknown, mistyped and NUL-carrying query parameters with 400', async () => {
    const withQuery = operations.filter(
      (op) => op.params.some((param) => param.in === 'query') && !streamingPaths.has(op.path),
    );
    expect(withQuery.length).toBeGreaterThan(2);
    for (const op of withQuery) {
      const path = concretePath(op);
      const numeric = op.params.find((param) =>
        ['integer', 'number'].includes(String(param.schema.type)),
      );
      const text = op.params.find((param) => param.schema.type === 'string');
      const cases = [`${path}?zz_unknown=1`];
      if (numeric) {
        cases.push(`${path}?${numeric.name}=abc`, `${path}?${numeric.name}=1e999`);
      }
      if (text) {
        cases.push(`${path}?${text.name}=a%00b`);
      }
      for (const url of cases) {
        expectJsonError(await harness.call('GET', url, { token: admin }), 400, url);
      }
    }
  });
});

const sqlPayloads = [
  "'; DROP TABLE agents; --",
  '" OR 1=1 --',
  "%' OR name LIKE '%",
  '\\x00\\',
  "Robert'); DELETE FROM users;--",
  '$1 $2 ? :name',
];

describe('SQL metacharacters in valid bodies (property)', () => {
  it('never answers a 5xx and leaves every table in place', async () => {
    const ops = bodyOperations().filter((op) => op.path !== '/auth/login');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ops.length - 1 }),
        fc.nat({ max: 100 }),
        fc.constantFrom(...sqlPayloads),
        async (opIndex, pick, payload) => {
          const op = ops[opIndex] as Operation;
          const schema = op.body as JsonSchema;
          const base = exampleOf(schema, resolve, pick % variantsOf(resolve(schema)).length);
          const plain = locationsOf(base, schema, resolve).filter(
            (loc) =>
              loc.schema.type === 'string' &&
              !loc.schema.format &&
              !loc.schema.enum &&
              !loc.schema.pattern,
          );
          const body = plain.reduce<unknown>(
            (current, loc) =>
              replaceAt(
                current,
                loc.path,
                payload.slice(0, loc.schema.maxLength ?? payload.length),
              ),
            base,
          );
          const res = await harness.call(op.method, concretePath(op), { token: admin, json: body });
          expect(res.status, `${op.path} ${JSON.stringify(body)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    const counts = await tableCounts();
    expect(Number(counts?.users)).toBeGreaterThan(0);
    expect(Number(counts?.agents)).toBeGreaterThan(0);
  });
});
