/**
 * A sync worker in a process of its own: the memory benchmark reads its RSS and nothing else,
 * and the fault tests kill it with SIGKILL mid-batch. Started with its settings as one JSON
 * argument; reports `ready` once polling, then its RSS every 100 ms, and shuts down on `stop`.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';

import { createSyncNotion } from '../activities/notion-sync-adapter';
import { createDatabase } from '../db/client';
import { loadDbConfig } from '../db/config';
import { createNotionIntegration } from '../notion/client';
import { createRateLimiter } from '../notion/rate-limiter';
import { createSyncWorker } from '../worker/create-sync-worker';
import type { WorkerProcessMessage, WorkerProcessSettings } from './sync-worker-protocol';

const settings = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessSettings;
const logger = pino({ level: 'warn' });
Runtime.install({ logger: new DefaultLogger('WARN') });

const database = await createDatabase(loadDbConfig({ DATABASE_URL: settings.databaseUrl }), {
  migrate: false,
});
const connection = await NativeConnection.connect({ address: settings.temporalAddress });
const integration = createNotionIntegration({
  apiKey: settings.notionToken,
  baseUrl: settings.notionBaseUrl,
  logger,
  limiter: createRateLimiter({ ratePerSecond: 100_000 }),
});
const worker = await createSyncWorker({
  connection,
  taskQueue: settings.taskQueue,
  db: database.db,
  notion: createSyncNotion(integration, settings.dataSourceId),
  logger,
  workflowBundle:
    settings.workflowBundlePath === undefined
      ? undefined
      : { codePath: settings.workflowBundlePath },
  shutdownGraceMs: settings.shutdownGraceMs ?? 5_000,
  stickyQueueTimeoutMs: settings.stickyQueueTimeoutMs,
});
const running = worker.run();

function send(message: WorkerProcessMessage): void {
  process.send?.(message);
}

// A worker at rest has collected the garbage of its start-up (bundling above all).
(globalThis as { gc?: () => void }).gc?.();
send({ kind: 'ready' });
const ticker = setInterval(() => send({ kind: 'rss', rss: process.memoryUsage().rss }), 100);

process.on('message', (message: { kind?: string }) => {
  if (message.kind === 'stop') {
    clearInterval(ticker);
    worker.shutdown();
  }
});

await running;
await connection.close();
await database.close();
process.disconnect?.();
