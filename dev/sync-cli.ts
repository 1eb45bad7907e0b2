// Entry script of `npm run sync`: starts a sync run, shows its progress, prints its result.
import { WorkflowFailedError, type Client } from '@temporalio/client';

import { ConfigError, loadDotEnv } from '../core/env';
import type { SyncDirection } from '../sync/mapping';
import { loadSyncConfig } from '../worker/config';
import { connectClient } from '../worker/connection';
import { startSyncWorkflow } from '../worker/start-sync';
import { loadTemporalConfig, type TemporalConfig } from '../worker/temporal-config';
import { parseSyncCliArgs, syncCliUsage, type SyncCliArgs } from './sync-cli-args';
import { followRun } from './sync-cli-progress';
import { resultTable } from './sync-cli-table';
import { followSchedule } from './sync-cli-watch';

const stopWatching = new AbortController();

async function main(args: SyncCliArgs): Promise<void> {
  await loadDotEnv();
  const temporal = loadTemporalConfig(process.env);
  const sync = loadSyncConfig(process.env);
  const client = await connectClient(temporal);
  try {
    const started = await startSyncWorkflow(
      client,
      { direction: args.direction, conflictResolution: args.policy, dryRun: args.isDryRun },
      { taskQueue: temporal.taskQueue, sync },
    );
    await showRun(client, temporal, started.workflowId, args.direction);
    if (args.isWatching) {
      await followSchedule(client, sync.scheduleId, {
        onRun: (run) => showRun(client, temporal, run.workflowId, run.direction),
        onWaiting: (next, isPaused) => console.log(waitingLine(sync.scheduleId, next, isPaused)),
        signal: stopWatching.signal,
      });
    }
  } finally {
    await client.connection.close();
  }
}

async function showRun(
  client: Client,
  temporal: TemporalConfig,
  workflowId: string,
  direction: SyncDirection,
): Promise<void> {
  console.log(`Sync run ${workflowId}\n  ${runLink(temporal, workflowId)}`);
  try {
    const result = await followRun(client, workflowId, { direction });
    console.log(resultTable(workflowId, result));
    if (result.failed > 0) {
      process.exitCode = 1;
    }
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) {
      throw error;
    }
    console.error(`The run failed: ${error.cause?.message ?? error.message}`);
    process.exitCode = 1;
  }
}

function runLink(temporal: TemporalConfig, workflowId: string): string {
  const ui = (process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/+$/, '');
  const namespace = encodeURIComponent(temporal.namespace);
  return `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
}

function waitingLine(scheduleId: string, next: Date | undefined, isPaused: boolean): string {
  if (isPaused) {
    return `Schedule ${scheduleId} is paused; waiting for it to resume or be triggered.`;
  }
  const when = next === undefined ? 'its next run' : `its next run at ${next.toISOString()}`;
  return `Watching schedule ${scheduleId}: waiting for ${when} (Ctrl-C stops watching).`;
}

function onInterrupt(): void {
  stopWatching.abort();
  console.error('\nStopped following; a run in progress carries on in Temporal.');
  process.exit(130);
}

function run(): void {
  let args: SyncCliArgs;
  try {
    args = parseSyncCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${syncCliUsage}`);
    process.exit(2);
  }
  if (args.isHelp) {
    console.log(syncCliUsage);
    return;
  }
  process.once('SIGINT', onInterrupt);
  main(args).catch((error: unknown) => {
    const isConfig = error instanceof ConfigError;
    console.error(isConfig || !(error instanceof Error) ? String(error) : error.message);
    process.exitCode = 1;
  });
}

run();
