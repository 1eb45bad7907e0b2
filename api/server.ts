import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

import type { ApiApp, ServerHook } from './app-env';
import { serveWithTakeovers } from './node-streams';

/** Anything `@hono/node-server` can serve: the API app, or a bare Hono app in benchmarks. */
export interface Servable {
  fetch: Parameters<typeof serve>[0]['fetch'];
}

const hooksByApp = new WeakMap<Servable, ServerHook[]>();

/** Remembers `hook` to run with the HTTP server once `listen(app)` has started it. */
export function addServerHook(app: ApiApp, hook: ServerHook): void {
  hooksByApp.set(app, [...(hooksByApp.get(app) ?? []), hook]);
}

/** A listening API server. */
export interface RunningServer {
  server: ServerType;
  /** The bound port; the OS-assigned one when asked for port 0. */
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `app` with `@hono/node-server` on `host:port` and runs its server hooks; responses may
 * be taken over and written to the socket directly (see `takeOver`).
 */
export function listen(
  app: Servable,
  options: { port: number; host: string },
): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve(
      {
        fetch: (request, env) => serveWithTakeovers(env, () => app.fetch(request, env)),
        port: options.port,
        hostname: options.host,
      },
      (info: AddressInfo) => {
        const url = `http://${options.host}:${info.port}`;
        resolve({ server, port: info.port, url, close: () => closeServer(server) });
      },
    );
    for (const hook of hooksByApp.get(app) ?? []) {
      hook(server);
    }
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    if ('closeAllConnections' in server) {
      server.closeIdleConnections();
    }
    server.close((error) => (error ? reject(error) : resolve()));
    if ('closeAllConnections' in server) {
      server.closeAllConnections();
    }
  });
}
