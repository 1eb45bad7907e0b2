import type { WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';

import type { EventHub, SubscribeOptions, Subscription } from './event-hub';
import type { EventSink } from './subscriber';

/** How a WebSocket follows the hub. */
export interface WebSocketFollowOptions extends Omit<SubscribeOptions, 'sink'> {
  /** Milliseconds between pings; a peer that missed the last pong is cut off. */
  heartbeatMs: number;
}

/** Close code for a client the hub dropped as too slow; the reason names the id to resume from. */
export const slowClientCloseCode = 4000;

/**
 * The WebSocket handlers of `GET /ws`: one text message per event, the event as JSON, starting
 * after `lastEventId`. A client reconnects with `?lastEventId=` set to the last id it saw.
 */
export function followOverWebSocket(
  hub: EventHub,
  options: WebSocketFollowOptions,
): WSEvents<WebSocket> {
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    onOpen: (_event, ws) => {
      const socket = ws.raw;
      if (socket === undefined || !hub.isRunning) {
        ws.close(1013, 'Event hub not running');
        return;
      }
      const { lastEventId, types } = options;
      subscription = hub.subscribe({ lastEventId, types, sink: webSocketSink(socket) });
      timer = keepAlive(socket, options.heartbeatMs);
    },
    onClose: () => {
      subscription?.close();
      clearInterval(timer);
    },
  };
}

function webSocketSink(socket: WebSocket): EventSink {
  return {
    write: (events) =>
      new Promise((resolve, reject) => {
        if (socket.readyState !== socket.OPEN) {
          reject(new Error('WebSocket is not open'));
          return;
        }
        // Only the last send waits for the socket: it drains after the earlier ones.
        events.forEach((event, index) => {
          const isLast = index === events.length - 1;
          socket.send(JSON.stringify(event), (error) => {
            if (error !== undefined && error !== null) {
              reject(error);
            } else if (isLast) {
              resolve();
            }
          });
        });
      }),
    end: (error) => {
      if (error === undefined) {
        socket.close(1001, 'Server going away');
      } else {
        socket.close(slowClientCloseCode, error.message.slice(0, 120));
      }
    },
  };
}

function keepAlive(socket: WebSocket, intervalMs: number): NodeJS.Timeout {
  let isAlive = true;
  socket.on('pong', () => {
    isAlive = true;
  });
  return setInterval(() => {
    if (!isAlive) {
      socket.terminate();
      return;
    }
    isAlive = false;
    socket.ping();
  }, intervalMs);
}
