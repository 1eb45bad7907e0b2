import type { Db } from '../../db/client';
import { updateAgent } from '../agents/agent-writes';
import { listAgents } from '../agents/list-agents';
import { checkPermissions, type Action, type AuthUser, type Resource } from '../auth/permissions';
import { ForbiddenError } from '../errors';
import type { QueryRequest } from '../schemas/query';
import { getNodeFor, getPathFor, getSubtreeFor, visualizeFor } from '../trees/tree-service';
import { readRecent } from './data-sources';
import { searchAgents, searchNodes } from './search';

/** What the query handler needs besides the query. */
export interface QueryContext {
  db: Db;
  user: AuthUser;
  /** The configured depth cap of tree traversals. */
  maxDepth: number;
}

/** The formatted answer of a query, as the original `formatResponse(data, error)` shaped it. */
export interface QueryResponse {
  success: true;
  type: QueryRequest['type'];
  data: unknown;
  error: null;
}

const dataResources = { sync_runs: 'syncs', conflicts: 'conflicts', events: 'events' } as const;

/** The permissions a query needs; `search` needs read access to each scope it covers. */
function permissionsFor(query: QueryRequest): [Resource, Action][] {
  switch (query.type) {
    case 'agents':
      return [['agents', 'read']];
    case 'tree':
      return [['trees', 'read']];
    case 'data':
      return [[dataResources[query.source], 'read']];
    case 'update':
      return [['agents', 'update']];
    case 'search':
      return query.scope.map((scope) => [scope === 'agents' ? 'agents' : 'trees', 'read']);
  }
}

function authorizeQuery(user: AuthUser, query: QueryRequest): void {
  for (const [resource, action] of permissionsFor(query)) {
    if (!checkPermissions(user, resource, action)) {
      throw new ForbiddenError(resource, action);
    }
  }
}

async function runTreeQuery(query: Extract<QueryRequest, { type: 'tree' }>, ctx: QueryContext) {
  const { db, user } = ctx;
  switch (query.operation) {
    case 'node':
      return getNodeFor(db, user, query.id);
    case 'path':
      return getPathFor(db, user, query.id);
    case 'subtree': {
      const depth = Math.min(query.depth, ctx.maxDepth);
      return getSubtreeFor(db, user, query.id, { depth, order: query.order, limit: query.limit });
    }
    case 'visualize':
      return visualizeFor(db, user, query.id);
  }
}

async function runSearch(query: Extract<QueryRequest, { type: 'search' }>, ctx: QueryContext) {
  const agents = query.scope.includes('agents')
    ? await searchAgents(ctx.db, query.text, query.limit)
    : [];
  const nodes = query.scope.includes('nodes')
    ? await searchNodes(ctx.db, ctx.user, query.text, query.limit)
    : [];
  return { hits: [...agents, ...nodes] };
}

/** Sends a validated query to the handler of its type. */
export async function routeQuery(query: QueryRequest, ctx: QueryContext): Promise<unknown> {
  switch (query.type) {
    case 'agents': {
      const { includeDeleted, ...filters } = query.filters;
      const filter = { ...filters, cursor: query.cursor, limit: query.limit };
      return listAgents(ctx.db, { ...filter, isDeletedIncluded: includeDeleted });
    }
    case 'tree':
      return runTreeQuery(query, ctx);
    case 'data':
      return { rows: await readRecent(ctx.db, query.source, query.limit) };
    case 'update':
      return updateAgent(ctx.db, query.id, query.changes, query.version);
    case 'search':
      return runSearch(query, ctx);
  }
}

/** Checks the query's permissions, routes it and formats `{ success, type, data, error }`. */
export async function handleQuery(query: QueryRequest, ctx: QueryContext): Promise<QueryResponse> {
  authorizeQuery(ctx.user, query);
  return { success: true, type: query.type, data: await routeQuery(query, ctx), error: null };
}
