import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { pino } from 'pino';

import { signAccessToken } from '../api/auth/access-tokens';
import { createUser } from '../api/auth/users';
import { loadApiConfig, type ApiConfig } from '../api/config';
import { listen } from '../api/server';
import { startApi } from '../api/start-api';
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
  url: string,
  token: string | undefined,
  quick: boolean,
): Promise<LoadResult> {
  return runLoadInChild({
    url,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    connections: quick ? 8 : 16,
    durationMs: quick ? 1_500 : 5_000,
    warmupMs: quick ? 500 : 1_500,
  });
}

/**
 * Measures requests/s and p99 latency of `GET /nodes/:id/path` (a 51-node path) and `GET /agents`
 * (a page of 20 of 200 agents) through the API as `startApi` serves it, over real HTTP, against
 * a bare Hono route served by the same `@hono/node-server` stack in the same run.
 * Writes bench/results/api.json.
 */
export async function runApiBench(options: ApiBenchOptions = {}): Promise<string[]> {
  const quick = options.quick ?? false;
  const database = await createTestDatabase();
  try {
    const env = { JWT_SECRET: randomBytes(32).toString('hex'), PORT: '0', HOST: '127.0.0.1' };
    const config = loadApiConfig(env);
    const { leaf, token } = await seed(database, config);
    const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
    const bare = await listen(
      new Hono().get('/bare', (c) => c.text('ok')),
      { port: 0, host: '127.0.0.1' },
    );
    const bareResult = await measure(`${bare.url}/bare`, undefined, quick).finally(() =>
      bare.close(),
    );
    // The API as `npm run api` composes it, without Temporal: the sync routes are not measured.
    const api = await startApi({ database, logger, env });
    try {
      const path = await measure(`${api.url}/nodes/${leaf}/path`, token, quick);
      const agents = await measure(`${api.url}/agents`, token, quick);
      return [await report(bareResult, path, agents, quick, database.kind)];
    } finally {
      await api.close();
    }
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
