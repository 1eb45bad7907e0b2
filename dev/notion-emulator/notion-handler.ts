import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { logger } from '../../core/logger';
import {
  authenticate,
  checkVersion,
  findRoute,
  parseBody,
  takeRateToken,
  type Admitted,
} from './admission';
import type { EmulatorState } from './emulator-state';
import { NotionApiError } from './errors';
import type { InjectedFailure } from './faults';
import { errorBody, readBody, sendJson } from './http-io';
import { newId } from './ids';
import { limits } from './limits';
import type { Json, JsonObject } from './model';
import type { RequestLogEntry } from './request-log';

interface Reply {
  status: number;
  body: Json;
  outcome: RequestLogEntry['outcome'];
}

/** Serves one request on the Notion API surface and records it in the request log. */
export async function handleNotionRequest(
  state: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = newId();
  const started = performance.now();
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  const entry: RequestLogEntry = {
    requestId,
    method,
    path: url.pathname,
    route: 'unmatched',
    status: 0,
    outcome: 'answered',
    receivedAt: new Date().toISOString(),
    startedAtMs: performance.timeOrigin + started,
    durationMs: 0,
    faultIds: [],
  };
  response.setHeader('x-notion-request-id', requestId);
  response.setHeader('x-request-id', requestId);
  const reply = await replyTo(state, request, url, entry).catch((error: unknown) =>
    errorReply(error, requestId, response, entry),
  );
  entry.status = reply.status;
  entry.outcome = reply.outcome;
  entry.durationMs = performance.now() - started;
  state.log.record(entry);
  deliver(state, request, response, reply);
}

async function replyTo(
  state: EmulatorState,
  request: IncomingMessage,
  url: URL,
  entry: RequestLogEntry,
): Promise<Reply> {
  const body = await readBody(request, limits.bodyBytes);
  const admitted = admit(state, request, url, entry);
  const decision = state.faults.decide(entry.method, url.pathname);
  entry.faultIds = decision.faultIds;
  if (decision.latencyMs > 0) {
    await sleep(decision.latencyMs);
  }
  const failure = decision.failure;
  if (failure !== undefined && failure.isAppliedFirst !== true) {
    throw injectedError(failure);
  }
  if (decision.isHung) {
    return { status: 0, body: null, outcome: 'hung' };
  }
  const result = run(state, admitted, parseBody(body, request), url.searchParams);
  if (failure !== undefined) {
    throw injectedError(failure);
  }
  const outcome = decision.isReplyDropped ? 'reply_dropped' : 'answered';
  return { status: 200, body: result, outcome };
}

function admit(
  state: EmulatorState,
  request: IncomingMessage,
  url: URL,
  entry: RequestLogEntry,
): Admitted {
  const { route, params } = findRoute(entry.method, url.pathname);
  entry.route = route.name;
  const workspace = authenticate(state, request.headers.authorization);
  const version = checkVersion(request.headers['notion-version']);
  takeRateToken(state, workspace);
  return { route, params, workspace, version };
}

function run(
  state: EmulatorState,
  admitted: Admitted,
  body: JsonObject,
  query: URLSearchParams,
): Json {
  const { workspace, params, version, route } = admitted;
  const context = state.contextFor(workspace, workspace.botUserId, body, params, version);
  context.query = query;
  return route.handler(context);
}

function injectedError({ code, message, status }: InjectedFailure): NotionApiError {
  const retry = status === 429 || status === 529 ? { 'retry-after': '1' } : undefined;
  return new NotionApiError(code, message, { status, headers: retry });
}

function errorReply(
  error: unknown,
  requestId: string,
  response: ServerResponse,
  entry: RequestLogEntry,
): Reply {
  const apiError =
    error instanceof NotionApiError
      ? error
      : new NotionApiError('internal_server_error', undefined, { cause: error });
  if (!(error instanceof NotionApiError)) {
    logger.error({ err: error, route: entry.route, requestId }, 'Notion emulator handler failed');
  }
  for (const [name, value] of Object.entries(apiError.headers)) {
    response.setHeader(name, value);
  }
  entry.code = apiError.code;
  return { status: apiError.status, body: errorBody(apiError, requestId), outcome: 'answered' };
}

function deliver(
  state: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  reply: Reply,
): void {
  if (reply.outcome === 'hung') {
    state.hung.add(response);
    response.on('close', () => state.hung.delete(response));
    return;
  }
  if (reply.outcome === 'reply_dropped') {
    request.socket.destroy();
    return;
  }
  sendJson(response, reply.status, reply.body);
}
