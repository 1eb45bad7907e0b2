import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { EmulatorControl, FailNextOptions, FailShareOptions } from './control';
import { isNotionErrorCode } from './error-codes';
import { EmulatorControlError, NotionApiError } from './errors';
import type { FaultMatch } from './faults';
import { errorBody, readBody, sendJson } from './http-io';
import type { Json, JsonObject } from './model';
import { isObject, textOf } from './validation';

/** The path prefix of the control surface; no Notion auth, version header or rate limit. */
export const controlPrefix = '/__emulator';

type ControlAction = (control: EmulatorControl, body: JsonObject, id: string) => Json;

const actions: Record<string, ControlAction> = {
  'POST /workspaces': (control, body) => ({
    ...control.createWorkspace({ name: optionalString(body.name) }),
  }),
  'POST /demo-database': (control, body) => ({
    ...control.createDemoDatabase(textOf(body.token), {
      title: optionalString(body.title),
      properties: isObject(body.properties) ? body.properties : undefined,
    }),
  }),
  'POST /pages/:id/human-edit': (control, body, id) =>
    control.editPageAsHuman(id, {
      properties: isObject(body.properties) ? body.properties : undefined,
      inTrash: typeof body.inTrash === 'boolean' ? body.inTrash : undefined,
    }),
  'GET /clock': (control) => ({ now: control.now().toISOString() }),
  'POST /clock': (control, body) => {
    if (typeof body.advanceMs === 'number') {
      control.advanceClock(body.advanceMs);
    } else if (typeof body.set === 'string' || typeof body.set === 'number') {
      control.setClock(body.set, { isFrozen: body.isFrozen !== false });
    }
    return { now: control.now().toISOString() };
  },
  'POST /faults': (control, body) => ({ id: addFault(control, body) }),
  'DELETE /faults': (control) => {
    control.clearFaults();
    return { cleared: true };
  },
  'DELETE /faults/:id': (control, _body, id) => {
    control.removeFault(id);
    return { removed: id };
  },
  'GET /rate-limit': (control) => ({ rateLimit: rateLimitJson(control) }),
  'PUT /rate-limit': (control, body) => {
    const isOff = body.enabled === false;
    control.setRateLimit(
      isOff ? false : { perSecond: Number(body.perSecond), burst: Number(body.burst) },
    );
    return { rateLimit: rateLimitJson(control) };
  },
  'GET /requests': (control) => ({ entries: control.requestLog() as unknown as Json[] }),
  'DELETE /requests': (control) => {
    control.clearRequestLog();
    return { cleared: true };
  },
  'GET /counts': (control) => ({ routes: control.routeCounts(), statuses: control.statusCounts() }),
  'POST /reset': (control) => {
    control.reset();
    return { reset: true };
  },
};

/** Serves one control-surface request. */
export async function handleControlRequest(
  control: EmulatorControl,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const requestId = randomUUID();
  response.setHeader('x-request-id', requestId);
  const rest = url.pathname.slice(controlPrefix.length).replace(/\/$/, '');
  const segments = rest.split('/');
  const id = segments.length > 2 ? (segments[2] ?? '') : '';
  const template = id === '' ? rest : ['', segments[1], ':id', ...segments.slice(3)].join('/');
  const action = actions[`${request.method ?? 'GET'} ${template}`];
  const raw = await readBody(request, 50_000_000);
  if (action === undefined) {
    sendJson(response, 404, {
      error: { message: `No control route ${request.method} ${url.pathname}.` },
    });
    return;
  }
  try {
    const body: unknown = raw.text.trim() === '' ? {} : JSON.parse(raw.text);
    sendJson(response, 200, action(control, isObject(body) ? body : {}, decodeURIComponent(id)));
  } catch (error) {
    sendControlError(response, error, requestId);
  }
}

function sendControlError(response: ServerResponse, error: unknown, requestId: string): void {
  if (error instanceof NotionApiError) {
    sendJson(response, error.status, errorBody(error, requestId));
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof EmulatorControlError || error instanceof SyntaxError ? 400 : 500;
  sendJson(response, status, { error: { message } });
}

function addFault(control: EmulatorControl, body: JsonObject): string {
  const match: FaultMatch = {
    method: optionalString(body.method),
    path:
      typeof body.pathPattern === 'string'
        ? new RegExp(body.pathPattern)
        : optionalString(body.path),
  };
  const count = typeof body.count === 'number' ? body.count : undefined;
  const code = isNotionErrorCode(body.code) ? body.code : undefined;
  switch (body.type) {
    case 'fail_next':
      return control.failNext({
        ...match,
        status: Number(body.status),
        code,
        count,
        message: optionalString(body.message),
        isAppliedFirst: body.isAppliedFirst === true,
      } satisfies FailNextOptions);
    case 'fail_share': {
      const statuses = Array.isArray(body.statuses) ? body.statuses.map(Number) : [500];
      const seed = typeof body.seed === 'number' ? body.seed : undefined;
      return control.failShare({
        ...match,
        probability: Number(body.probability),
        statuses,
        code,
        seed,
      } satisfies FailShareOptions);
    }
    case 'latency':
      return control.addLatency({ ...match, ms: Number(body.ms), count });
    case 'hang':
      return control.hangNext({ ...match, count });
    case 'drop_reply':
      return control.dropReplyNext({ ...match, count });
    default:
      throw new EmulatorControlError(
        'Fault type must be fail_next, fail_share, latency, hang or drop_reply.',
        'type',
      );
  }
}

function rateLimitJson(control: EmulatorControl): Json {
  const setting = control.rateLimit();
  return setting === false ? false : { ...setting };
}

function optionalString(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
