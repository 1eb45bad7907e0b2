import type { IncomingMessage } from 'node:http';

import { supportedVersions, type ApiVersion } from './context';
import type { EmulatorState } from './emulator-state';
import { NotionApiError, quote, validationError } from './errors';
import type { ReadBody } from './http-io';
import { limits } from './limits';
import type { JsonObject, WorkspaceRecord } from './model';
import { matchRoute, type Route } from './router';
import { notionRoutes } from './routes';
import { isObject } from './validation';

/** A request that passed the route, token, version and rate checks. */
export interface Admitted {
  route: Route;
  params: Record<string, string>;
  workspace: WorkspaceRecord;
  version: ApiVersion;
}

/** The route for a method and path: 400 `invalid_request_url` or `invalid_request` otherwise. */
export function findRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } {
  const match = matchRoute(notionRoutes(), method, path);
  if (match.kind === 'unknown') {
    throw new NotionApiError('invalid_request_url', `Invalid request URL: ${method} ${path}.`);
  }
  if (match.kind === 'wrong_method') {
    throw new NotionApiError('invalid_request', `Unsupported request: ${method} ${path}.`);
  }
  return match;
}

/** The workspace of the bearer token: 401 `unauthorized` otherwise. */
export function authenticate(state: EmulatorState, header: string | undefined): WorkspaceRecord {
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  const workspace = token === undefined ? undefined : state.store.workspaceForToken(token);
  if (workspace === undefined) {
    throw new NotionApiError('unauthorized');
  }
  return workspace;
}

/** The Notion-Version asked for: 400 `missing_version`, or `validation_error` if unknown. */
export function checkVersion(header: string | string[] | undefined): ApiVersion {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') {
    throw new NotionApiError('missing_version');
  }
  const version = supportedVersions.find((known) => known === value);
  if (version === undefined) {
    throw new NotionApiError(
      'validation_error',
      `Notion-Version header failed validation: Notion-Version header should be one of ` +
        `${supportedVersions.join(', ')}, instead was ${quote(value)}.`,
    );
  }
  return version;
}

/** Takes the token's rate token: 429 `rate_limited` with Retry-After when the bucket is empty. */
export function takeRateToken(state: EmulatorState, workspace: WorkspaceRecord): void {
  const decision = state.limiter.take(workspace.token);
  if (!decision.isAllowed) {
    throw new NotionApiError('rate_limited', undefined, {
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    });
  }
}

/** The JSON object of a body: `validation_error` past 500 KB, `invalid_json` if unparsable. */
export function parseBody(body: ReadBody, request: IncomingMessage): JsonObject {
  if (body.isTooLarge) {
    throw validationError(
      `body.length should be ≤ \`${limits.bodyBytes}\` bytes, instead was \`${body.bytes}\`.`,
    );
  }
  if (body.text.trim() === '') {
    return {};
  }
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !contentType.includes('json')) {
    throw new NotionApiError(
      'invalid_request',
      `Content-Type should be application/json, instead was ${quote(contentType)}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch (error) {
    throw new NotionApiError('invalid_json', undefined, { cause: error });
  }
  if (!isObject(parsed)) {
    throw validationError(`body should be an object, instead was ${quote(parsed)}.`);
  }
  return parsed;
}
