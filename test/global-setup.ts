/**
 * Vitest global setup: starts one Temporal dev server for the whole suite and hands its address
 * to every test file through `inject('temporalAddress')`. Test files share it and stay apart by
 * using unique task queues and workflow ids. PostgreSQL needs nothing here: `createTestDatabase`
 * makes a database per file on the server `DATABASE_URL` names, or an in-memory PGlite.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';

import { logger } from '../core/logger';
import { devServerOptions } from '../dev/dev-server-options';
import { ensureTemporalCli } from '../dev/temporal-cli';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the suite's Temporal dev server. */
    temporalAddress: string;
    /** The namespace tests use on it. */
    temporalNamespace: string;
  }
}

const namespace = 'default';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executablePath = await ensureTemporalCli({ logger });
  const started = Date.now();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...devServerOptions({ executablePath }), namespace },
  });
  logger.info(
    { address: env.address, executablePath, startupMs: Date.now() - started },
    'Started the Temporal dev server for tests',
  );

  project.provide('temporalAddress', env.address);
  project.provide('temporalNamespace', namespace);
  return async () => {
    await env.teardown();
  };
}
