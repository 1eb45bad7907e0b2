// Entry script of `npm run db:migrate`: applies the committed migrations to the
// configured database.
import { ConfigError, loadDotEnv } from '../core/env';
import { logger } from '../core/logger';
import { createDatabase, redactUrl } from './client';
import { loadDbConfig } from './config';

async function main(): Promise<void> {
  await loadDotEnv();
  const database = await createDatabase(loadDbConfig(process.env), { logger, migrate: true });
  await database.close();
  const target = process.env.DATABASE_URL;
  logger.info(
    { database: target === undefined ? database.kind : redactUrl(target) },
    'Migrations applied',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.error({ err: error }, 'Migration failed');
  }
  process.exitCode = 1;
});
