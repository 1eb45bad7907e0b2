import { randomUUID } from 'node:crypto';

import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';

import { logger } from '../core/logger';
import { ensureTimeSkippingServer } from '../dev/time-skipping-server';

// Workers log every state change at INFO, which buries test output; TEMPORAL_TEST_LOG_LEVEL
// brings it back when a test needs debugging. The runtime is installed once per test process.
if (Runtime._instance === undefined) {
  Runtime.install({ logger: new DefaultLogger(temporalTestLogLevel()) });
}

/** A client of the suite's dev server; `close()` ends its connection. */
export interface TestClient {
  readonly client: Client;
  readonly connection: Connection;
  readonly namespace: string;
  close(): Promise<void>;
}

/** Connects a `Client` to the dev server the global setup started, or to `address`. */
export async function connectTestClient(address?: string): Promise<TestClient> {
  const namespace = inject('temporalNamespace');
  const connection = await Connection.connect({ address: address ?? inject('temporalAddress') });
  const client = new Client({ connection, namespace });
  return { client, connection, namespace, close: () => connection.close() };
}

/** Opens the `NativeConnection` that workers need, to the suite's dev server or `address`. */
export async function connectTestWorkerConnection(address?: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address: address ?? inject('temporalAddress') });
}

/**
 * A task queue no other test uses, so workers of parallel test files never take each other's tasks.
 */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles the workflows at `workflowsPath` once per test process and path; bundling takes a few
 * seconds, so tests hand the result to `Worker.create({ workflowBundle })` instead of
 * `workflowsPath`. Pass an absolute path, e.g. `fileURLToPath(new URL('./x.ts', import.meta.url))`.
 */
export function bundleOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (bundle === undefined) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/**
 * Starts a time-skipping test server of the test file's own, for workflows that wait on long
 * timers. Time skipping is global to that server, so share one only between tests that run one
 * after another. Call `teardown()` on it in `afterAll`, after every worker has shut down.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTimeSkippingServer({ logger });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
      });
    } catch (error) {
      // The SDK gives the server 5 s to open its port, which a JVM on a loaded 2-core machine
      // can miss; the failed process is killed, so another try starts clean.
      if (attempt >= timeSkippingStartAttempts || !isStartupTimeout(error)) {
        throw error;
      }
      logger.warn({ attempt }, 'Time-skipping server started too slowly; trying again');
    }
  }
}

const timeSkippingStartAttempts = 3;

function isStartupTimeout(error: unknown): boolean {
  return error instanceof Error && error.message.includes('did not start within');
}

function temporalTestLogLevel(): 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  const level = process.env.TEMPORAL_TEST_LOG_LEVEL?.toUpperCase();
  const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
  return levels.find((known) => known === level) ?? 'WARN';
}
