import type { Client } from '@temporalio/client';

import type { AppDeps } from '../app-env';
import { ServiceUnavailableError } from '../errors';

/** The Temporal client, or a 503 when the API was started without one. */
export function requireTemporal(deps: AppDeps): Client {
  if (deps.temporal === undefined) {
    throw new ServiceUnavailableError('Temporal is not configured for this API');
  }
  return deps.temporal;
}

/** The Temporal Web UI page of one workflow run. */
export function workflowUiUrl(deps: AppDeps, workflowId: string, runId?: string): string {
  const namespace = encodeURIComponent(deps.temporal?.options.namespace ?? 'default');
  const run = runId === undefined ? '' : `/${encodeURIComponent(runId)}`;
  const workflow = encodeURIComponent(workflowId);
  return `${deps.config.temporalUiUrl}/namespaces/${namespace}/workflows/${workflow}${run}`;
}

/** Runs `fn` with a short deadline, for calls that wait on a worker that may be absent. */
export function withShortDeadline<T>(client: Client, fn: () => Promise<T>, ms = 3_000): Promise<T> {
  return client.withDeadline(Date.now() + ms, fn);
}
