import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { pino } from 'pino';

import { createApp } from '../api/app';
import { signAccessToken } from '../api/auth/access-tokens';
import { createUser } from '../api/auth/users';
import { loadApiConfig, type ApiConfig } from '../api/config';
import { listen, type Servable } from '../api/server';
import { agents as agentsTable } from '../db/schema';
import { createNode, createTree } from '../db/tree-queries';
import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { runLoadInChild, type LoadResult } from './api-load';
import { markdownHeader, writeBenchResult } from './report';

/** Options of `runApiBench`. */
export interface ApiBenchOptions {
  /** A short run for CI: fewer connections, 1.5 s per target instead of 5 s. Default false. */
  quick?: boolean;
}

const pathDepth = 50;

async function seed(database: TestDatabase, config: ApiConfig) {
  const db = database.db;
  const user = await createUser(db, {
    email: 'bench@example.test',
    password: randomBytes(16).toString('hex'),
    role: 'admin',
  });
  const { root } = await createTree(db, {
    title: 'Bench',
    ownerId: user.id,
    seed: { role: 'user', message: 'Seed' },
  });
  let leaf = root.id;
  for (let depth = 1; depth <= pathDepth; depth += 1) {
    const input = { parentId: leaf, role: 'assistant' as const, message: `Reply ${depth}` };
    leaf = (await createNode(db, { ...input, stage: 'branches_of_understanding' })).node.id;
  }
  const agents = Array.from({ length: 200 }, (_, i) => ({ name: `Agent ${i}`, role: 'bench' }));
  await db.insert(agentsTable).values(agents);
  const { token } = await signAccessToken(config, user);
  return { leaf, token };
}

async function measure(
  app: Servable,
  path: string,
  token: string | undefined,
  quick: boolean,
): Promise<LoadResult> {
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  try {
    return await runLoadInChild({
      url: `${server.url}${path}`,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      connections: quick ? 8 : 16,
      durationMs: quick ? 1_500 : 5_000,
      warmupMs: quick ? 500 : 1_500,
    });
  } finally {
    await server.close();
  }
}

/**
 * Measures requests/s and p99 latency of `GET /nodes/:id/path` (a 51-node path) and `GET /agents`
 * through the full app over real HTTP, against a bare Hono route served by the same
 * `@hono/node-server` stack in the same run. Writes bench/results/api.json.
 */
export async function runApiBench(options: ApiBenchOptions = {}): Promise<string[]> {
  const quick = options.quick ?? false;
  const database = await createTestDatabase();
  try {
    const config = loadApiConfig({ JWT_SECRET: randomBytes(32).toString('hex') });
    const { leaf, token } = await seed(database, config);
    const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
    const app = createApp({ db: database, config, logger });
    const bare = new Hono().get('/bare', (c) => c.text('ok'));

    const bareResult = await measure(bare, '/bare', undefined, quick);
    const path = await measure(app, `/nodes/${leaf}/path`, token, quick);
    const agents = await measure(app, '/agents', token, quick);
    return [await report(bareResult, path, agents, quick, database.kind)];
  } finally {
    await database.close();
  }
}

async function report(
  bare: LoadResult,
  path: LoadResult,
  agents: LoadResult,
  quick: boolean,
  databaseKind: string,
): Promise<string> {
  const errors = bare.errors + path.errors + agents.errors;
  return writeBenchResult({
    name: 'api',
    unit: 'req/s',
    figures: {
      bareRps: bare.requestsPerSecond,
      nodePathRps: path.requestsPerSecond,
      agentsRps: agents.requestsPerSecond,
      bareP99Ms: bare.p99Ms,
      nodePathP99Ms: path.p99Ms,
      agentsP99Ms: agents.p99Ms,
      nodePathP50Ms: path.p50Ms,
      agentsP50Ms: agents.p50Ms,
      errors,
    },
    candidate: 'nodePathRps',
    baseline: 'bareRps',
    checks: [
      {
        label: 'GET /nodes/:id/path >= 0.25x bare route',
        isMet: path.requestsPerSecond >= 0.25 * bare.requestsPerSecond,
      },
      {
        label: 'GET /agents >= 0.25x bare route',
        isMet: agents.requestsPerSecond >= 0.25 * bare.requestsPerSecond,
      },
      { label: 'no failed requests', isMet: errors === 0 },
    ],
    parameters: { quick, pathLength: pathDepth + 1, agents: 200, database: databaseKind },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runApiBench({ quick: process.argv.includes('--quick') });
  console.log([markdownHeader, ...rows].join('\n'));
}
