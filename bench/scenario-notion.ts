import { controlPrefix } from '../dev/notion-emulator/control-routes';
import type { RateLimitSetting } from '../dev/notion-emulator/rate-limit';
import type { NotionEmulator } from '../dev/notion-emulator/server';
import type { ServerProcess } from './emulator-process';
import { ServerProcessError } from './errors';
import { benchDataSource, benchProperties, type BenchDataSource } from './sync-notion-setup';

/** Requests an emulator served since its log was last cleared, every status included. */
export interface RequestCounts {
  routes: Record<string, number>;
  statuses: Record<string, number>;
}

/** A delay every matching request waits before it is served, as a round trip to Notion does. */
export interface Latency {
  ms: number;
  method: string;
  path: string;
}

/**
 * The Notion a benchmark scenario syncs with: the stack's emulator in this process, or one in a
 * child process, where its work does not share the engine's thread, as Notion's servers do not.
 */
export interface ScenarioNotion {
  baseUrl: string;
  /** Empties the emulator, sets its rate limit and makes a workspace with an agents data source. */
  open(limit: RateLimitSetting | false): Promise<BenchDataSource>;
  addLatency(latency: Latency): Promise<void>;
  clearRequestLog(): Promise<void>;
  counts(): Promise<RequestCounts>;
}

/** The stack's emulator, driven through its control object. */
export function inProcessNotion(emulator: NotionEmulator): ScenarioNotion {
  const { control } = emulator;
  return {
    baseUrl: emulator.baseUrl,
    open: (limit) => {
      // Workspaces of earlier scenarios would only cost memory; a reset also sets the clock right.
      control.reset();
      control.setRateLimit(limit);
      return Promise.resolve(benchDataSource(emulator));
    },
    addLatency: (latency) => {
      control.addLatency(latency);
      return Promise.resolve();
    },
    clearRequestLog: () => {
      control.clearRequestLog();
      return Promise.resolve();
    },
    counts: () =>
      Promise.resolve({ routes: control.routeCounts(), statuses: control.statusCounts() }),
  };
}

/** An emulator in a child process (`startServerProcess`), driven through its control surface. */
export function childProcessNotion(server: ServerProcess): ScenarioNotion {
  const controlUrl = `${server.baseUrl}${controlPrefix}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new ServerProcessError(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text) as T;
  }
  return {
    baseUrl: server.baseUrl,
    open: async (limit) => {
      await call('POST', '/reset');
      await call('PUT', '/rate-limit', limit === false ? { enabled: false } : limit);
      const { token } = await call<{ token: string }>('POST', '/workspaces', {
        name: 'Sync benchmark',
      });
      const { dataSourceId } = await call<{ dataSourceId: string }>('POST', '/demo-database', {
        token,
        title: 'Agents',
        properties: benchProperties,
      });
      return { token, dataSourceId };
    },
    addLatency: async (latency) => {
      await call('POST', '/faults', { type: 'latency', ...latency });
    },
    clearRequestLog: async () => {
      await call('DELETE', '/requests');
    },
    counts: () => call<RequestCounts>('GET', '/counts'),
  };
}
