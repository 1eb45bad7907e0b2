import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';

import type { Logger } from '../core/logger';
import type { Database } from '../db/client';
import type { StartSyncSettings } from '../worker/start-sync';
import type { AgentListCache } from './agents/agent-list-cache';
import type { AuthUser, Action, Resource } from './auth/permissions';
import type { ApiConfig } from './config';

/** Per-request values the middleware sets. */
export interface AppVariables extends RequestIdVariables {
  /** The authenticated caller; set by `authorize(...)` before the handler runs. */
  user: AuthUser | undefined;
}

/** The Hono environment of every route of the API. */
export interface AppEnv {
  Variables: AppVariables;
}

/** The application type routes are registered on. */
export type ApiApp = OpenAPIHono<AppEnv>;

/** Middleware that authenticates the bearer token and checks `action` on `resource`. */
export type Authorize = (resource: Resource, action: Action) => MiddlewareHandler<AppEnv>;

/** Something the HTTP server is handed once it listens, e.g. a WebSocket upgrade handler. */
export type ServerHook = (server: ServerType) => void;

/** What a route registrar receives besides the app. */
export interface RouteContext {
  deps: AppDeps;
  /** The permission middleware every route uses; see `checkPermissions`. */
  authorize: Authorize;
  /** Runs `hook` with the HTTP server once `listen` has started it. */
  onServer(hook: ServerHook): void;
}

/** Adds routes to the app; `createApp` runs the built-in ones, then those in `deps.routes`. */
export type RouteRegistrar = (app: ApiApp, context: RouteContext) => void;

/** Everything the API needs from outside. */
export interface AppDeps {
  /** The open database; its `ping` answers the health check. */
  db: Database;
  config: ApiConfig;
  logger: Logger;
  /** The Temporal client for the sync, conflict and schedule routes; without it they answer 503. */
  temporal?: Client;
  /** Task queue and sync defaults for runs the API starts. Default: read from the environment. */
  sync?: StartSyncSettings;
  /** Throws when Temporal is not ready; defaults to a `GetSystemInfo` call on `temporal`. */
  temporalHealth?: () => Promise<void>;
  /** Pages of `GET /agents` kept until the agents change; without it every list is read. */
  agentLists?: AgentListCache;
  /** Further route registrars, e.g. the real-time events and metrics routes. */
  routes?: readonly RouteRegistrar[];
}
