import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ClockSource } from './clock';
import { createControl, type EmulatorControl } from './control';
import { controlPrefix, handleControlRequest } from './control-routes';
import { EmulatorState } from './emulator-state';
import { handleNotionRequest } from './notion-handler';
import { persistStore } from './persistence';
import { notionRateLimit, type RateLimitSetting } from './rate-limit';

export type { EmulatorControl } from './control';
export type { RateLimitSetting } from './rate-limit';

/** Options of `startNotionEmulator`. */
export interface NotionEmulatorOptions {
  /** TCP port on 127.0.0.1; default 0 (the OS picks one). */
  port?: number;
  /** Token bucket per integration; default 3 requests/s with bursts of 10; `false` turns it off. */
  rateLimit?: RateLimitSetting | false;
  /** Where the time comes from; default `Date.now`. The control surface can move it further. */
  clock?: ClockSource;
  /** A JSON file to restore the workspaces from and save them to (every 10 s and on close). */
  persistPath?: string;
}

/** A running emulator. */
export interface NotionEmulator {
  /** The API root, ending in `/v1`. */
  url: string;
  /** What `@notionhq/client` takes as `baseUrl`: the origin, without `/v1`. */
  baseUrl: string;
  /** The HTTP control surface's root (`…/__emulator`). */
  controlUrl: string;
  port: number;
  control: EmulatorControl;
  close(): Promise<void>;
}

/**
 * Starts a Notion API emulator on loopback: the REST API at version 2025-09-03 (and 2026-03-11)
 * for `@notionhq/client`, plus a control surface for tests. State lives in memory, and in
 * `persistPath` when one is given.
 */
export async function startNotionEmulator(
  options: NotionEmulatorOptions = {},
): Promise<NotionEmulator> {
  const state = new EmulatorState(options.rateLimit ?? notionRateLimit, options.clock);
  const control = createControl(state);
  const persistence =
    options.persistPath === undefined
      ? undefined
      : await persistStore(state.store, options.persistPath);
  const server = createServer((request, response) => {
    const isControl = (request.url ?? '').startsWith(controlPrefix);
    const handled = isControl
      ? handleControlRequest(control, request, response)
      : handleNotionRequest(state, request, response);
    handled.catch(() => response.destroy());
  });
  server.keepAliveTimeout = 30_000;
  const port = await listen(server, options.port ?? 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  state.origin = baseUrl;
  return {
    url: `${baseUrl}/v1`,
    baseUrl,
    controlUrl: `${baseUrl}${controlPrefix}`,
    port,
    control,
    close: async () => {
      await stop(server, state);
      await persistence?.close();
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server, state: EmulatorState): Promise<void> {
  for (const response of state.hung) {
    response.destroy();
  }
  state.hung.clear();
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
