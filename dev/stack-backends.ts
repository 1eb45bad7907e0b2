import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import { createDatabase, type Database } from '../db/client';
import { loadDbConfig } from '../db/config';
import type { StackConfig } from './stack-config';
import { startStackEmulator, type StackEmulator } from './stack-notion';
import type { PortClaim } from './stack-ports';
import type { ShutdownList } from './stack-shutdown';
import { startStackTemporal, type RunningTemporal } from './stack-temporal';

/** What the service runs on: Temporal, the database and, without `NOTION_API_KEY`, the emulator. */
export interface Backends {
  /** The dev server the stack started; undefined when `TEMPORAL_ADDRESS` names another. */
  temporal: RunningTemporal | undefined;
  database: Database;
  notion: StackEmulator | undefined;
}

/**
 * Starts Temporal, the database and the emulator side by side, since none needs the others, and
 * adds each one that started to `shutdown`, so a failure of one stops the rest.
 */
export async function startBackends(
  config: StackConfig,
  env: Env,
  logger: Logger,
  shutdown: ShutdownList,
): Promise<Backends> {
  const { temporal: settings, dataDir, emulatorPort } = config;
  const namespace = env.TEMPORAL_NAMESPACE ?? 'default';
  const [temporal, database, notion] = await Promise.allSettled([
    settings.kind === 'embedded'
      ? startStackTemporal({ ...settings, dataDir, namespace, logger, env })
      : undefined,
    createDatabase(loadDbConfig(env), { logger }),
    emulatorPort === undefined ? undefined : startStackEmulator(dataDir, emulatorPort, logger),
  ]);
  const server = valueOf(temporal);
  const db = valueOf(database);
  const emulator = valueOf(notion);
  if (server !== undefined) {
    shutdown.add('temporal server', () => server.stop());
  }
  if (db !== undefined) {
    shutdown.add('database', () => db.close());
  }
  if (emulator !== undefined) {
    shutdown.add('notion emulator', () => emulator.emulator.close());
  }
  for (const result of [temporal, database, notion]) {
    if (result.status === 'rejected') {
      throw result.reason;
    }
  }
  return { temporal: server, database: db as Database, notion: emulator };
}

/** The Temporal variables that point the service at the stack's own dev server. */
export function temporalEnv(server: RunningTemporal | undefined): Record<string, string> {
  return server === undefined
    ? {}
    : { TEMPORAL_ADDRESS: server.address, TEMPORAL_UI_URL: server.uiUrl };
}

/** The ports the stack will bind, each with the variable that moves it. */
export function portClaims(config: StackConfig): PortClaim[] {
  const claims: PortClaim[] = [{ service: 'API', port: config.apiPort, variable: 'PORT' }];
  if (config.temporal.kind === 'embedded') {
    claims.push(
      { service: 'Temporal dev server', port: config.temporal.port, variable: 'TEMPORAL_PORT' },
      { service: 'Temporal Web UI', port: config.temporal.uiPort, variable: 'TEMPORAL_UI_PORT' },
    );
  }
  if (config.emulatorPort !== undefined) {
    const variable = 'NOTION_EMULATOR_PORT';
    claims.push({ service: 'Notion emulator', port: config.emulatorPort, variable });
  }
  return claims;
}

function valueOf<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}
