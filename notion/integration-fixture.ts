import { pino } from 'pino';

import type { DemoDatabase, WorkspaceHandle } from '../dev/notion-emulator/control';
import {
  startNotionEmulator,
  type NotionEmulator,
  type RateLimitSetting,
} from '../dev/notion-emulator/server';
import { createNotionIntegration, type NotionIntegrationOptions } from './client';
import type { NotionIntegration } from './notion-integration';
import { createRateLimiter } from './rate-limiter';

/** A Notion emulator with a workspace, the demo database and an integration talking to it. */
export interface IntegrationFixture {
  emulator: NotionEmulator;
  workspace: WorkspaceHandle;
  demo: DemoDatabase;
  notion: NotionIntegration;
  /** Another integration on the same emulator, with a limiter of its own unless one is given. */
  integration(options?: Partial<NotionIntegrationOptions>): NotionIntegration;
}

/** Options of `startIntegrationFixture`. */
export interface IntegrationFixtureOptions {
  /** The emulator's own limit. Default off, so that tests are paced by our limiter alone. */
  emulatorRateLimit?: RateLimitSetting | false;
  /** Requests per second of the fixture integration's limiter. Default 200. */
  ratePerSecond?: number;
}

/** A logger that writes nothing, for tests that provoke failures on purpose. */
export const silentLogger = pino({ level: 'silent' });

/** Starts an emulator on an OS-assigned loopback port with a workspace and its demo database. */
export async function startIntegrationFixture(
  options: IntegrationFixtureOptions = {},
): Promise<IntegrationFixture> {
  const emulator = await startNotionEmulator({ rateLimit: options.emulatorRateLimit ?? false });
  const workspace = emulator.control.createWorkspace({ name: 'Integration tests' });
  const demo = emulator.control.createDemoDatabase(workspace.token, { withSelfRelation: true });
  const integration = (extra: Partial<NotionIntegrationOptions> = {}) =>
    createNotionIntegration({
      apiKey: workspace.token,
      baseUrl: emulator.baseUrl,
      logger: silentLogger,
      timeoutMs: 10_000,
      limiter: createRateLimiter({ ratePerSecond: options.ratePerSecond ?? 200 }),
      ...extra,
    });
  return { emulator, workspace, demo, notion: integration(), integration };
}

/** A title property value in Notion's write shape. */
export function titleValue(text: string) {
  return { title: [{ type: 'text' as const, text: { content: text } }] };
}

/** Gathers an async iterable into an array (`Array.fromAsync` needs Node 22). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
  }
  return all;
}
