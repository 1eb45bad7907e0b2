import type { DevServerConfig } from '@temporalio/testing';

import { syncSearchAttributes } from '../workflows/search-attributes';

/** What {@link devServerOptions} needs to know about the server to start. */
export interface DevServerSettings {
  /** The `temporal` binary; undefined lets `@temporalio/testing` download the CLI. */
  readonly executablePath: string | undefined;
  /** The gRPC port; default an OS-assigned free port. */
  readonly port?: number;
  /** A SQLite file to keep runs across restarts; default in memory. */
  readonly dbFilename?: string;
  /** The Web UI port; default none, which starts the server headless. */
  readonly uiPort?: number;
}

/**
 * Dynamic config for a dev server that tests and the local stack rely on. Updates and
 * update-with-start are on by default in Server 1.29 and stay pinned here so a CLI upgrade cannot
 * turn them off silently; one partition per task queue makes the first task on a fresh, unique
 * test task queue reach its poller without partition forwarding delays.
 */
export const devServerDynamicConfig: Readonly<Record<string, string>> = {
  'frontend.enableUpdateWorkflowExecution': 'true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': 'true',
  'frontend.enableExecuteMultiOperation': 'true',
  'matching.numTaskqueueReadPartitions': '1',
  'matching.numTaskqueueWritePartitions': '1',
};

/**
 * The `server` options of `TestWorkflowEnvironment.createLocal` for this service's dev server:
 * loopback only, the sync search attributes registered, and {@link devServerDynamicConfig}.
 */
export function devServerOptions(settings: DevServerSettings): Omit<DevServerConfig, 'type'> {
  const extraArgs = Object.entries(devServerDynamicConfig).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${value}`,
  ]);
  return {
    executable:
      settings.executablePath === undefined
        ? { type: 'cached-download' }
        : { type: 'existing-path', path: settings.executablePath },
    ip: '127.0.0.1',
    port: settings.port,
    dbFilename: settings.dbFilename,
    ui: settings.uiPort !== undefined,
    uiPort: settings.uiPort,
    searchAttributes: syncSearchAttributes,
    extraArgs,
    log: { format: 'pretty', level: 'warn' },
  };
}
