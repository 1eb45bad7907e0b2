import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NotionApiError } from './errors';
import type { Json } from './model';

/** A request body read up to a byte limit; the rest is drained so the connection stays usable. */
export interface ReadBody {
  text: string;
  bytes: number;
  isTooLarge: boolean;
}

/** Reads the whole body, keeping at most `limit` bytes of it. */
export function readBody(request: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => {
      const isTooLarge = bytes > limit;
      resolve({
        text: isTooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
        bytes,
        isTooLarge,
      });
    });
    request.on('error', reject);
  });
}

/** Writes a JSON answer with the request id headers Notion sends. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** Notion's error body for `error`. */
export function errorBody(error: NotionApiError, requestId: string): Json {
  return {
    object: 'error',
    status: error.status,
    code: error.code,
    message: error.message,
    request_id: requestId,
  };
}
