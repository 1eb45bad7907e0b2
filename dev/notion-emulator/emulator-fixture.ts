import { Client, isHTTPResponseError, LogLevel } from '@notionhq/client';

import type { DemoDatabase, WorkspaceHandle } from './control';
import { startNotionEmulator, type NotionEmulator, type NotionEmulatorOptions } from './server';

/** An emulator with a demo workspace and a quiet, non-retrying `@notionhq/client` on it. */
export interface EmulatorFixture {
  emulator: NotionEmulator;
  workspace: WorkspaceHandle;
  demo: DemoDatabase;
  notion: Client;
  /** Another client on the same emulator, e.g. with a different version or token. */
  client(options?: { auth?: string; notionVersion?: string; timeoutMs?: number }): Client;
  /** A raw HTTP call, for what the client cannot send (no version header, broken JSON). */
  raw(
    method: string,
    path: string,
    init?: { body?: string; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** The parts of a Notion error answer that tests look at. */
export interface CapturedError {
  status: number;
  code: string;
  message: string;
  body: Record<string, unknown>;
  headers: Headers;
}

/** Starts an emulator (rate limit off unless given) with a workspace and the demo database. */
export async function startFixture(options: NotionEmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await startNotionEmulator({ rateLimit: false, ...options });
  const workspace = emulator.control.createWorkspace({ name: 'Test' });
  const demo = emulator.control.createDemoDatabase(workspace.token);
  const client = (extra: { auth?: string; notionVersion?: string; timeoutMs?: number } = {}) =>
    new Client({
      auth: workspace.token,
      baseUrl: emulator.baseUrl,
      retry: false,
      logLevel: LogLevel.ERROR,
      logger: () => undefined,
      ...extra,
    });
  const raw: EmulatorFixture['raw'] = (method, path, init = {}) =>
    fetch(`${emulator.baseUrl}${path}`, { method, body: init.body, headers: init.headers });
  return { emulator, workspace, demo, notion: client(), client, raw };
}

/** Awaits a call that must fail with a Notion HTTP error and returns what it carried. */
export async function captureError(call: Promise<unknown>): Promise<CapturedError> {
  try {
    await call;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('The call succeeded but was expected to fail.');
}

/** What a Notion HTTP error carried; rethrows anything else. */
export function describeError(error: unknown): CapturedError {
  if (!isHTTPResponseError(error)) {
    throw error;
  }
  const body = JSON.parse(error.body) as Record<string, unknown>;
  return {
    status: error.status,
    code: String(body.code),
    message: String(body.message),
    body,
    headers: error.headers as Headers,
  };
}

/** A rich-text array holding `content`, in request shape. */
export function text(content: string): Array<{ text: { content: string } }> {
  return [{ text: { content } }];
}
