// Entry script of `npm run worker`: one sync worker process, configured only by the environment.
import { resolve } from 'node:path';

import { Client } from '@temporalio/client';

import { ConfigError, loadDotEnv } from '../core/env';
import { logger } from '../core/logger';
import { createDatabase } from '../db/client';
import { loadDbConfig } from '../db/config';
import { connectNative } from './connection';
import { installWorkerLogging, startWorker } from './start-worker';
import { loadTemporalConfig } from './temporal-config';

async function main(): Promise<void> {
  await loadDotEnv();
  installWorkerLogging(logger);
  const env = process.env;
  const database = await createDatabase(loadDbConfig(env), { logger });
  const temporal = loadTemporalConfig(env);
  // One connection for the process: the worker polls through it and the client (the schedule)
  // sends through it.
  const connection = await connectNative(temporal).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const client = new Client({ connection, namespace: temporal.namespace });
  const dataDir = resolve(env.ECO_DATA_DIR ?? '.data');
  const worker = await startWorker({ client, connection, database, env, logger, dataDir }).catch(
    async (error: unknown) => {
      await connection.close();
      await database.close();
      throw error;
    },
  );
  logger.info({ taskQueue: temporal.taskQueue }, 'Worker running');

  let isStopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (isStopping) {
      return;
    }
    isStopping = true;
    logger.info({ signal }, 'Worker stopping: letting the batches in flight finish');
    await worker.close();
    await connection.close();
    await database.close();
    logger.info('Worker stopped');
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  worker.failed.catch(async (error: unknown) => {
    logger.error({ err: error }, 'The worker stopped on its own');
    process.exitCode = 1;
    await stop('failure');
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.error({ err: error }, 'Worker failed to start');
  }
  process.exitCode = 1;
});
