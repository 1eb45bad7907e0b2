import { ServerResponse } from 'node:http';

/**
 * Long-lived responses written straight to Node's `ServerResponse`, past the web-streams layer
 * that `@hono/node-server` pipes a `ReadableStream` body through: for an event stream that
 * writes the same few bytes to a hundred sockets, those streams cost more than the sockets.
 *
 * A handler answers an ordinary bodiless `Response` (so every middleware still sets its
 * headers) and names a `start`; once the app has produced its final response, the server writes
 * that status and those headers itself and hands the socket's response to `start`.
 */
type Start = (outgoing: ServerResponse) => void;

/** Responses of requests `listen` serves, which can therefore be taken over. */
const servable = new WeakSet<ServerResponse>();
const starts = new WeakMap<ServerResponse, Start>();

/** The header that tells `@hono/node-server` the response has been written already. */
const alreadySentHeader = 'x-hono-already-sent';

/** The Node response in the bindings `@hono/node-server` passes as `env`, if any. */
function outgoingOf(env: unknown): ServerResponse | undefined {
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) {
    return undefined;
  }
  return env.outgoing instanceof ServerResponse ? (env.outgoing as ServerResponse) : undefined;
}

/** The Node response under a request `listen` serves, or undefined (e.g. under `app.request`). */
export function takeoverTarget(env: unknown): ServerResponse | undefined {
  const outgoing = outgoingOf(env);
  return outgoing !== undefined && servable.has(outgoing) ? outgoing : undefined;
}

/** Has the server hand `outgoing` to `start` once the app's response is final and successful. */
export function takeOver(outgoing: ServerResponse, start: Start): void {
  starts.set(outgoing, start);
}

/**
 * Runs `fetch` for one request and carries out a takeover it asked for: writes the final
 * status and headers, then starts the stream. A response that ended in an error is sent as it is.
 */
export async function serveWithTakeovers(env: unknown, fetch: () => unknown): Promise<unknown> {
  const outgoing = outgoingOf(env);
  if (outgoing === undefined) {
    return fetch();
  }
  servable.add(outgoing);
  const response = await fetch();
  const start = starts.get(outgoing);
  starts.delete(outgoing);
  if (start === undefined || !(response instanceof Response) || !response.ok) {
    return response;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    headers['set-cookie'] = cookies;
  }
  outgoing.writeHead(response.status, headers);
  outgoing.flushHeaders();
  start(outgoing);
  return new Response(null, { headers: { [alreadySentHeader]: 'true' } });
}
