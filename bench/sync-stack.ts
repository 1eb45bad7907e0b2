import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { pino } from 'pino';

import type { Logger } from '../core/logger';
import { executeQuery } from '../db/execute-query';
import { devServerOptions } from '../dev/dev-server-options';
import { startNotionEmulator, type NotionEmulator } from '../dev/notion-emulator/server';
import { ensureTemporalCli } from '../dev/temporal-cli';
import { createTestDatabase, type TestDatabase } from '../test/test-db';
import { bundleSyncWorkflows } from '../worker/create-sync-worker';

/** The services every sync benchmark shares: one dev server, one emulator, one workflow bundle. */
export interface SyncStack {
  /** `host:port` of the Temporal dev server. */
  address: string;
  client: Client;
  emulator: NotionEmulator;
  bundle: WorkflowBundleWithSourceMap;
  /** One database for every scenario; `openScenario` empties it first. */
  database: TestDatabase;
  logger: Logger;
  close(): Promise<void>;
}

/** The benchmarks log warnings only; the figures go to the table. */
export const benchLogger: Logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/**
 * Starts a Temporal dev server (the cached CLI, as the test suite does), a Notion emulator with
 * its rate limit off, and bundles the workflows once for every worker of the run.
 */
export async function startSyncStack(): Promise<SyncStack> {
  installQuietRuntime();
  const executablePath = await ensureTemporalCli({ logger: benchLogger });
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...devServerOptions({ executablePath }), namespace: 'default' },
  });
  const database = await createTestDatabase();
  try {
    const emulator = await startNotionEmulator({ rateLimit: false });
    const bundle = await bundleSyncWorkflows();
    return {
      address: env.address,
      client: env.client,
      emulator,
      bundle,
      database,
      logger: benchLogger,
      close: async () => {
        await emulator.close();
        await database.close();
        await env.teardown();
      },
    };
  } catch (error) {
    await database.close();
    await env.teardown();
    throw error;
  }
}

/**
 * Empties every table of the stack's database, as a fresh one would be: a new migrated database
 * per scenario costs seconds with PGlite on a busy machine, a truncate a few milliseconds.
 */
export async function emptyDatabase(database: TestDatabase): Promise<void> {
  const tables = await executeQuery<{ name: string }>(
    database.db,
    `select tablename as name from pg_tables where schemaname = 'public'`,
  );
  const names = tables.rows.map((row) => `"${row.name.replaceAll('"', '""')}"`);
  if (names.length > 0) {
    await executeQuery(database.db, `truncate ${names.join(', ')} restart identity cascade`);
  }
}

// Workers log each state change at INFO; installed once, before the first connection.
function installQuietRuntime(): void {
  if (Runtime._instance === undefined) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  }
}
