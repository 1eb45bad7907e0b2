import { createNodeWebSocket } from '@hono/node-ws';
import { createRoute, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';

import { eventTypes } from '../../db/events';
import type { RouteRegistrar } from '../app-env';
import type { EventHub } from '../realtime/event-hub';
import { takeOver, takeoverTarget } from '../node-streams';
import { followOverSse, nodeSseWriter, type SseWriter } from '../realtime/sse-follow';
import { createStreamAuthorize } from '../realtime/stream-authorize';
import { followOverWebSocket } from '../realtime/ws-follow';
import { bearerSecurity, errorResponses } from '../schemas/common';
import { ServiceUnavailableError } from '../errors';

/** What the event routes need. */
export interface EventRouteOptions {
  hub: EventHub;
  /** Milliseconds between SSE heartbeat comments and WebSocket pings. Default 15000. */
  heartbeatMs?: number;
  /** Milliseconds an `EventSource` waits before reconnecting. Default 1000. */
  retryMs?: number;
}

const EventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

const TypesSchema = z
  .string()
  .max(400)
  .transform((value) => value.split(',').filter((type) => type !== ''))
  .pipe(z.array(z.enum(eventTypes)));

const StreamQuerySchema = z.strictObject({
  lastEventId: EventIdSchema.optional().openapi({
    param: { name: 'lastEventId', in: 'query' },
    description: 'Resume after this event id (the `Last-Event-ID` header wins).',
    example: '42',
  }),
  types: TypesSchema.optional().openapi({
    param: { name: 'types', in: 'query' },
    description: `Comma-separated event types to receive: ${eventTypes.join(', ')}.`,
    example: 'sync.progress,conflict.opened',
  }),
  access_token: z
    .string()
    .max(4096)
    .optional()
    .openapi({
      param: { name: 'access_token', in: 'query' },
      description: 'The access token, for clients that cannot set `Authorization`.',
    }),
});

const StreamHeadersSchema = z.object({
  'last-event-id': EventIdSchema.optional().openapi({
    param: { name: 'last-event-id', in: 'header' },
    description: 'Sent by `EventSource` on reconnect: resume after this id.',
  }),
});

const common = { tags: ['events'], security: bearerSecurity };

/** The headers `streamSSE` sends; Node chunks a body without a length by itself. */
const sseHeaders = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
};
const failures = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

/**
 * The event stream routes: `GET /events` (Server-Sent Events) and `GET /ws` (WebSocket), both
 * resumable from a last event id; viewers and up may follow. The WebSocket upgrade is hooked onto
 * the HTTP server through `context.onServer`.
 */
export function createEventRoutes(options: EventRouteOptions): RouteRegistrar {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 1000;
  const { hub } = options;

  return (app, context) => {
    const middleware = [createStreamAuthorize(context.deps.config)('events', 'read')];
    const nodeWebSocket = createNodeWebSocket({ app });
    context.onServer((server) => nodeWebSocket.injectWebSocket(server));

    const sseRoute = createRoute({
      ...common,
      method: 'get',
      path: '/events',
      middleware,
      summary: 'Follow events as Server-Sent Events',
      description:
        'One message per event: `id:` is the event id and the data is the event as JSON ' +
        '(`{ id, type, payload, createdAt }`). Heartbeat comments keep the stream open.',
      request: { query: StreamQuerySchema, headers: StreamHeadersSchema },
      responses: { 200: { description: 'A `text/event-stream` of events' }, ...failures },
    });
    app.openapi(sseRoute, (c) => {
      requireRunning(hub);
      const { lastEventId, types } = c.req.valid('query');
      const resumeFrom = c.req.valid('header')['last-event-id'] ?? lastEventId;
      const follow = (stream: SseWriter, onDrop?: () => void) =>
        followOverSse(stream, hub, {
          lastEventId: resumeFrom,
          types,
          heartbeatMs,
          retryMs,
          onDrop,
        });
      // HEAD runs this GET handler too: it gets the headers, and no stream that would never end.
      if (c.req.method === 'HEAD') {
        return c.body(null, 200, sseHeaders);
      }
      const outgoing = takeoverTarget(c.env);
      if (outgoing === undefined) {
        return streamSSE(c, (stream) => follow(stream));
      }
      // Served by `listen`: the events go straight to the socket. A client the hub drops as too
      // slow is cut off, since one that stopped reading would hold its socket and data forever.
      takeOver(outgoing, (response) => {
        follow(nodeSseWriter(response), () => response.destroy()).then(
          () => response.end(),
          () => response.destroy(),
        );
      });
      return c.body(null, 200, sseHeaders);
    });

    const wsRoute = createRoute({
      ...common,
      method: 'get',
      path: '/ws',
      middleware,
      summary: 'Follow events over a WebSocket',
      description:
        'One text message per event, the event as JSON. Reconnect with `?lastEventId=` set to ' +
        'the last id received. Close code 4000 means the client fell behind and must resume.',
      request: { query: StreamQuerySchema },
      responses: { 101: { description: 'Switching to the WebSocket protocol' }, ...failures },
    });
    app.openapi(wsRoute, (c) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new HTTPException(426, { message: 'GET /ws needs a WebSocket upgrade' });
      }
      requireRunning(hub);
      const { lastEventId, types } = c.req.valid('query');
      return nodeWebSocket.upgradeWebSocket(
        c,
        followOverWebSocket(hub, { lastEventId, types, heartbeatMs }),
      );
    });
  };
}

function requireRunning(hub: EventHub): void {
  if (!hub.isRunning) {
    throw new ServiceUnavailableError('The event stream is not running');
  }
}
