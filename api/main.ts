import { loadDotEnv } from '../core/env';
import { logger } from '../core/logger';
import { createDatabase } from '../db/client';
import { loadDbConfig } from '../db/config';
import { connectClient } from '../worker/connection';
import { loadTemporalConfig } from '../worker/temporal-config';
import { startApi } from './start-api';

async function main(): Promise<void> {
  await loadDotEnv();
  const temporalConfig = loadTemporalConfig(process.env);
  const database = await createDatabase(loadDbConfig(process.env), { logger });
  const temporal = await connectClient(temporalConfig);
  const api = await startApi({ database, logger, temporal });

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) {
      return;
    }
    isStopping = true;
    logger.info({ signal }, 'API stopping');
    await api.close();
    await temporal.connection.close();
    await database.close();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
