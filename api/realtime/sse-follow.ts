import type { ServerResponse } from 'node:http';

import type { StoredEvent } from '../../db/events';
import type { EventHub, SubscribeOptions } from './event-hub';

/** How an SSE response follows the hub. */
export interface SseFollowOptions extends Omit<SubscribeOptions, 'sink'> {
  /** Milliseconds between heartbeat comments that keep proxies from closing an idle stream. */
  heartbeatMs: number;
  /** Milliseconds the browser waits before reconnecting, sent as `retry:`. */
  retryMs: number;
  /**
   * Called when the hub drops the client as too slow: the route cuts the connection there,
   * since a client that stopped reading would otherwise hold its socket and unsent data forever.
   */
  onDrop?: () => void;
}

/** Where an SSE response's bytes go: Hono's `streamSSE` stream, or `nodeSseWriter`. */
export interface SseWriter {
  /** Resolves once the transport took the chunk (its backpressure). */
  write(chunk: string | Uint8Array): Promise<unknown>;
  readonly aborted: boolean;
  onAbort(listener: () => void): void;
}

/** Writes straight to a Node response; a full socket buffer holds the write until it drains. */
export function nodeSseWriter(outgoing: ServerResponse): SseWriter {
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        outgoing.off('drain', done);
        outgoing.off('close', done);
        resolve();
      };
      outgoing.on('drain', done);
      outgoing.on('close', done);
    });
  return {
    // A response already closed never drains: the follow loop sees `aborted` and ends.
    write: (chunk) => (outgoing.destroyed || outgoing.write(chunk) ? Promise.resolve() : drained()),
    get aborted() {
      return outgoing.destroyed;
    },
    onAbort: (listener) => outgoing.once('close', listener),
  };
}

// The hub offers the same event object to every subscriber: encode it once, not once per client.
const encoded = new WeakMap<StoredEvent, Uint8Array>();
const encoder = new TextEncoder();

/**
 * One SSE message per event: `id:` is the event id, so `EventSource` resumes with
 * `Last-Event-ID`; the data is the whole event as JSON. No `event:` field, so `onmessage`
 * sees every type. JSON never contains a raw newline, so one `data:` line suffices.
 */
export function formatSse(events: readonly StoredEvent[]): Uint8Array {
  const messages = events.map((event) => {
    let message = encoded.get(event);
    if (message === undefined) {
      message = encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
      encoded.set(event, message);
    }
    return message;
  });
  return messages.length === 1 && messages[0] !== undefined ? messages[0] : Buffer.concat(messages);
}

/**
 * Streams the hub's events to `stream` until the client goes away or the hub drops it as too
 * slow; resolves then, which ends the response.
 */
export async function followOverSse(
  stream: SseWriter,
  hub: EventHub,
  options: SseFollowOptions,
): Promise<void> {
  let isEnded = false;
  let end = (_error?: Error): void => undefined;
  const ended = new Promise<void>((resolve) => {
    end = (error) => {
      isEnded = true;
      resolve();
      if (error !== undefined) {
        options.onDrop?.();
      }
    };
  });

  await stream.write(`retry: ${options.retryMs}\n\n`);
  if (!hub.isRunning) {
    return;
  }
  const subscription = hub.subscribe({
    lastEventId: options.lastEventId,
    types: options.types,
    sink: {
      write: async (events) => {
        await stream.write(formatSse(events));
      },
      end,
    },
  });
  stream.onAbort(() => subscription.close());

  while (!isEnded && !stream.aborted) {
    await nextBeat(options.heartbeatMs, ended);
    if (!isEnded) {
      await stream.write(': heartbeat\n\n');
    }
  }
  subscription.close();
}

async function nextBeat(ms: number, ended: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const beat = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([beat, ended]);
  clearTimeout(timer);
}
