import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';

import { loggerOptions, type Logger } from '../core/logger';
import type { ApiApp, AppDeps } from '../api/app-env';
import { AgentListCache } from '../api/agents/agent-list-cache';
import { createApp } from '../api/app';
import type { Role } from '../api/auth/permissions';
import { createUser } from '../api/auth/users';
import { startRealtime } from '../api/realtime/start-realtime';
import { createEventRoutes } from '../api/routes/events';
import { createMetricsRoutes } from '../api/routes/metrics';
import { loadApiConfig, type ApiConfig } from '../api/config';
import { createTestDatabase, type TestDatabase } from './test-db';

/** Every line the harness's logger wrote, as raw JSON text. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

/** A captured JSON response. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of one harness request. */
export interface CallOptions {
  token?: string;
  json?: unknown;
  /** A raw body, sent with `Content-Type: application/json` unless headers say otherwise. */
  raw?: string;
  headers?: Record<string, string>;
}

/** A user the harness created, with its plain password for login tests. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** A running app over a fresh database, with one user per role and captured logs. */
export interface ApiHarness {
  app: ApiApp;
  database: TestDatabase;
  config: ApiConfig;
  logs: LogCapture;
  logger: Logger;
  users: Record<Role, TestUser>;
  /** A fresh access token of the user with `role`, logged in once and cached. */
  tokenFor(role: Role): Promise<string>;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** Test settings: a random 48-character secret, the rest from the defaults plus `env`. */
export function testConfig(env: Record<string, string> = {}): ApiConfig {
  return loadApiConfig({ JWT_SECRET: randomBytes(24).toString('hex'), ...env });
}

const roles: readonly Role[] = ['admin', 'operator', 'viewer'];

async function createUsers(database: TestDatabase): Promise<Record<Role, TestUser>> {
  const entries = await Promise.all(
    roles.map(async (role) => {
      const password = `pw-${role}-${randomBytes(8).toString('hex')}`;
      const email = `${role}-${randomBytes(4).toString('hex')}@example.test`;
      const user = await createUser(database.db, { email, password, role });
      return [role, { ...user, password }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, TestUser>;
}

/** Builds the request init for `call`. */
function requestInit(method: string, options: CallOptions): RequestInit {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.raw;
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  return { method, headers, body };
}

/** Options of `createApiHarness`. */
export interface HarnessOptions {
  /** API settings on top of the test defaults. */
  env?: Record<string, string>;
  /** Further dependencies of the app, e.g. a Temporal client. */
  extra?: Partial<AppDeps>;
  /** Add the real-time event and metrics routes, with a live event hub. */
  isRealtimeIncluded?: boolean;
}

/** Opens a fresh database, creates the app and one user per role. */
export async function createApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const config = testConfig(options.env);
  const logs = new LogCapture();
  const logger = pino(loggerOptions('trace'), logs);
  const realtime = options.isRealtimeIncluded
    ? await startRealtime(database, { logger })
    : undefined;
  const routes = realtime
    ? [
        createEventRoutes({ hub: realtime.hub }),
        createMetricsRoutes({ processor: realtime.processor }),
      ]
    : [];
  // As `startApi` runs it: every list read after a write through the app must see that write.
  const agentLists = new AgentListCache();
  await agentLists.start(database);
  const deps = { db: database, config, logger, routes, agentLists, ...options.extra };
  const app = createApp(deps);
  const users = await createUsers(database);
  const tokens = new Map<Role, string>();

  const call = async <T>(method: string, path: string, options: CallOptions = {}) => {
    const res = await app.request(path, requestInit(method, options));
    const text = await res.text();
    const body = (text === '' ? {} : (JSON.parse(text) as unknown)) as T;
    return { status: res.status, headers: res.headers, body };
  };

  const tokenFor = async (role: Role): Promise<string> => {
    const cached = tokens.get(role);
    if (cached !== undefined) {
      return cached;
    }
    const { email, password } = users[role];
    const res = await call<{ accessToken: string }>('POST', '/auth/login', {
      json: { email, password },
    });
    tokens.set(role, res.body.accessToken);
    return res.body.accessToken;
  };

  const close = async () => {
    await realtime?.close();
    await agentLists.close();
    await database.close();
  };
  return { app, database, config, logs, logger, users, tokenFor, call, close };
}
