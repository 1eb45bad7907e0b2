import type { WorkflowExecutionInfo } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';

import { syncRuns } from '../../db/schema';
import type { SyncProgress, SyncResult } from '../../sync/run-types';
import { startSyncWorkflow } from '../../worker/start-sync';
import { progressQuery, syncWorkflowTypes } from '../../workflows/definitions';
import type { AppDeps } from '../app-env';
import { requireTemporal, withShortDeadline, workflowUiUrl } from './temporal-access';

type AuditRow = typeof syncRuns.$inferSelect;

type RunInfo = Pick<
  WorkflowExecutionInfo,
  'workflowId' | 'runId' | 'type' | 'status' | 'startTime' | 'closeTime'
>;

const typeList = Object.values(syncWorkflowTypes)
  .map((type) => `'${type}'`)
  .join(', ');

/** Starts a sync run and answers its ids and Web UI link. */
export async function startSync(
  deps: AppDeps,
  request: {
    direction: 'push' | 'pull' | 'both';
    conflictResolution?: 'latest_wins' | 'manual';
    dryRun?: boolean;
  },
) {
  const client = requireTemporal(deps);
  const started = await startSyncWorkflow(client, request, deps.sync);
  return { ...started, uiUrl: workflowUiUrl(deps, started.workflowId, started.runId) };
}

function toRun(deps: AppDeps, info: RunInfo, audit: AuditRow | undefined) {
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    type: info.type,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
    uiUrl: workflowUiUrl(deps, info.workflowId, info.runId),
    audit: audit === undefined ? null : { ...audit },
  };
}

async function auditRows(deps: AppDeps, infos: readonly WorkflowExecutionInfo[]) {
  if (infos.length === 0) {
    return new Map<string, AuditRow>();
  }
  const rows = await deps.db.db
    .select()
    .from(syncRuns)
    .where(
      inArray(
        syncRuns.runId,
        infos.map((info) => info.runId),
      ),
    );
  return new Map(rows.map((row) => [`${row.workflowId}/${row.runId}`, row]));
}

/**
 * The newest sync runs on this service's task queue from Temporal visibility, each joined with
 * its audit row. The task queue keeps out the runs of other deployments sharing the namespace.
 */
export async function listSyncs(deps: AppDeps, limit: number) {
  const client = requireTemporal(deps);
  const infos: WorkflowExecutionInfo[] = [];
  const taskQueue = deps.sync?.taskQueue;
  const onQueue = taskQueue === undefined ? '' : ` AND TaskQueue = ${visibilityString(taskQueue)}`;
  const query = `WorkflowType IN (${typeList})${onQueue}`;
  for await (const info of client.workflow.list({ query, pageSize: limit })) {
    infos.push(info);
    if (infos.length >= limit) {
      break;
    }
  }
  const audits = await auditRows(deps, infos);
  return infos.map((info) => toRun(deps, info, audits.get(`${info.workflowId}/${info.runId}`)));
}

/** A string literal of Temporal's visibility query language. */
function visibilityString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** One run: status, live progress while it runs, and its result once it completed. */
export async function describeSync(deps: AppDeps, workflowId: string) {
  const client = requireTemporal(deps);
  const handle = client.workflow.getHandle(workflowId);
  const info = await handle.describe();
  const progress = await withShortDeadline(client, () => handle.query(progressQuery)).catch(
    () => null,
  );
  const result = info.status.name === 'COMPLETED' ? ((await handle.result()) as SyncResult) : null;
  const [audit] = await deps.db.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workflowId, info.workflowId), eq(syncRuns.runId, info.runId)));
  const base = toRun(deps, info, audit);
  return { ...base, progress: progress === null ? null : jsonProgress(progress), result };
}

function jsonProgress(progress: SyncProgress) {
  return {
    ...progress,
    currentBatch: progress.currentBatch ?? null,
    startedAt: progress.startedAt ?? null,
  };
}

/** Asks the run to stop; it cancels its activities and ends as cancelled. */
export async function cancelSync(deps: AppDeps, workflowId: string) {
  const client = requireTemporal(deps);
  await client.workflow.getHandle(workflowId).cancel();
  return { workflowId, status: 'cancel_requested' as const };
}
