import { get } from 'node:http';
import { WebSocket } from 'ws';

/** An event as a client receives it, JSON-decoded. */
export interface ReceivedEvent {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** What both test clients record. */
export interface StreamClient {
  readonly events: ReceivedEvent[];
  /** Id of the last event received, or undefined before the first. */
  lastId(): number | undefined;
  /** Resolves once the connection has ended, for whatever reason. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/** An SSE client over `fetch`, as a browser's `EventSource` would read the stream. */
export interface SseClient extends StreamClient {
  readonly comments: string[];
  readonly retries: number[];
  /** SSE `id:` values in arrival order, to check they match the events' ids. */
  readonly ids: number[];
}

/** Called with each event as it arrives. */
export type OnEvent = (event: ReceivedEvent) => void;

type SseRecords = Pick<SseClient, 'events' | 'comments' | 'retries' | 'ids'>;

/** The status and JSON body of a refused stream request. */
export class RefusedStreamError extends Error {
  override readonly name = 'RefusedStreamError';

  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Stream refused with ${status}`);
  }
}

/** Opens `url` as an event stream; throws `RefusedStreamError` unless it answers 200. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
  onEvent: OnEvent = () => undefined,
): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (response.status !== 200 || response.body === null) {
    throw new RefusedStreamError(response.status, await response.json());
  }
  const records: SseRecords = { events: [], comments: [], retries: [], ids: [] };
  const ended = readSse(response.body, records, onEvent);
  return {
    ...records,
    lastId: () => records.events.at(-1)?.id,
    ended,
    close: async () => {
      controller.abort();
      await ended;
    },
  };
}

async function readSse(body: ReadableStream<Uint8Array>, client: SseRecords, onEvent: OnEvent) {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      for (; end !== -1; end = buffer.indexOf('\n\n')) {
        parseBlock(buffer.slice(0, end), client, onEvent);
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // An aborted fetch ends the body with an AbortError; that is how the test disconnects.
  }
}

function parseBlock(block: string, client: SseRecords, onEvent: OnEvent): void {
  for (const line of block.split('\n')) {
    const [field = '', value = ''] = line.split(/: ?(.*)/s);
    if (line.startsWith(':')) {
      client.comments.push(line.slice(1).trim());
    } else if (field === 'id') {
      client.ids.push(Number(value));
    } else if (field === 'retry') {
      client.retries.push(Number(value));
    } else if (field === 'data') {
      const event = JSON.parse(value) as ReceivedEvent;
      client.events.push(event);
      onEvent(event);
    }
  }
}

/** A WebSocket test client. */
export interface WebSocketClient extends StreamClient {
  /** Close code the server sent, once closed. */
  closeCode(): number | undefined;
}

/** Opens a WebSocket to `url`; rejects with `RefusedStreamError` when the upgrade is refused. */
export function openWebSocket(
  url: string,
  onEvent: OnEvent = () => undefined,
): Promise<WebSocketClient> {
  const socket = new WebSocket(url);
  const events: ReceivedEvent[] = [];
  let code: number | undefined;
  const ended = new Promise<void>((resolve) => {
    socket.on('close', (closeCode) => {
      code = closeCode;
      resolve();
    });
  });
  socket.on('message', (data: Buffer) => {
    const event = JSON.parse(data.toString('utf8')) as ReceivedEvent;
    events.push(event);
    onEvent(event);
  });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_request, response) => {
      reject(new RefusedStreamError(response.statusCode ?? 0, undefined));
      socket.terminate();
    });
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        events,
        lastId: () => events.at(-1)?.id,
        ended,
        closeCode: () => code,
        close: async () => {
          socket.terminate();
          await ended;
        },
      }),
    );
  });
}

/** An SSE response whose reader has stopped reading, like a client on a stalled network. */
export interface StalledSse {
  /**
   * Reads on until the connection ends; resolves with every event it carried and whether the
   * response ended properly (false when the server cut the connection).
   */
  resume(): Promise<{ events: ReceivedEvent[]; isComplete: boolean }>;
}

/** Opens `url` and stops reading as soon as the response starts. */
export function openStalledSse(url: string, headers: Record<string, string>): Promise<StalledSse> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers }, (response) => {
      response.pause();
      resolve({
        resume: () =>
          new Promise((done) => {
            const records: SseRecords = { events: [], comments: [], retries: [], ids: [] };
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
            });
            response.on('error', () => undefined);
            response.on('close', () => {
              const complete = text.slice(0, text.lastIndexOf('\n\n'));
              complete
                .split('\n\n')
                .forEach((block) => parseBlock(block, records, () => undefined));
              done({ events: records.events, isComplete: response.complete });
            });
            response.resume();
          }),
      });
    });
    request.on('error', reject);
  });
}
