import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { startApi } from '../api/start-api';
import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import { connectClient } from '../worker/connection';
import { loadTemporalConfig } from '../worker/temporal-config';
import { seedDemoData, type DemoSeedResult } from './demo-seed';
import { ensureDemoAdmin, type DemoAdmin } from './stack-admin';
import { portClaims, startBackends, temporalEnv } from './stack-backends';
import type { StackConfig } from './stack-config';
import { keptSecret } from './stack-files';
import { assertPortsFree } from './stack-ports';
import { createShutdownList, type ShutdownList } from './stack-shutdown';
import { startWorker } from '../worker/start-worker';

/** The addresses a running stack prints. */
export interface StackUrls {
  api: string;
  docs: string;
  temporalUi: string | undefined;
  emulator: string | undefined;
}

/** A running local stack. */
export interface RunningStack {
  urls: StackUrls;
  temporalAddress: string;
  admin: DemoAdmin;
  seed: DemoSeedResult;
  /** The Temporal dev server's process id, when the stack started one. */
  temporalPid: number | undefined;
  /** Rejects when the worker stops on its own; the stack is then no longer whole. */
  failed: Promise<never>;
  /** Stops the worker, the API, the emulator (saving its state), the database and Temporal. */
  close(): Promise<void>;
}

/**
 * Starts every part of the local stack: Temporal, the database and the emulator side by side,
 * then the demo data, the API and the worker with its schedule. On failure it stops what had
 * started and rethrows.
 */
export async function startStack(
  config: StackConfig,
  env: Env,
  logger: Logger,
): Promise<RunningStack> {
  const shutdown = createShutdownList(logger);
  try {
    return await startParts(config, env, logger, shutdown);
  } catch (error) {
    await shutdown.closeAll();
    throw error;
  }
}

async function startParts(
  config: StackConfig,
  env: Env,
  logger: Logger,
  shutdown: ShutdownList,
): Promise<RunningStack> {
  await mkdir(config.dataDir, { recursive: true });
  await assertPortsFree(portClaims(config), config.apiHost);
  const baseEnv: Env = {
    PGLITE_DIR: join(config.dataDir, 'pglite'),
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? (await keptSecret(join(config.dataDir, 'jwt-secret'))),
  };
  const backends = await startBackends(config, baseEnv, logger, shutdown);
  const { database, notion } = backends;
  const serviceEnv: Env = { ...baseEnv, ...temporalEnv(backends.temporal), ...notion?.env };

  const seed = config.isDemoSeeded
    ? await seedDemoData(database.db)
    : { isNew: false, agents: 0, treeId: undefined };
  const admin = await ensureDemoAdmin(database.db, {
    email: config.adminEmail,
    password: config.adminPassword,
    passwordPath: join(config.dataDir, 'demo-admin-password'),
  });

  const temporalConfig = loadTemporalConfig(serviceEnv);
  const client = await connectClient(temporalConfig);
  shutdown.add('temporal client', () => client.connection.close());
  const api = await startApi({ database, logger, temporal: client, env: serviceEnv });
  shutdown.add('api', () => api.close());
  const { dataDir } = config;
  const worker = await startWorker({ client, database, env: serviceEnv, logger, dataDir });
  shutdown.add('worker', () => worker.close());

  return {
    urls: {
      api: api.url,
      docs: `${api.url}/docs`,
      temporalUi: backends.temporal?.uiUrl ?? serviceEnv.TEMPORAL_UI_URL,
      emulator: notion?.emulator.baseUrl,
    },
    temporalAddress: temporalConfig.address,
    admin,
    seed,
    temporalPid: backends.temporal?.pid,
    failed: worker.failed,
    close: () => shutdown.closeAll(),
  };
}
