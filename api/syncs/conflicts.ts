import { desc, eq } from 'drizzle-orm';

import { syncConflicts } from '../../db/schema';
import { resolutionProblem } from '../../sync/resolution-check';
import type { ConflictResolution } from '../../sync/run-types';
import { conflictWorkflowId } from '../../sync/workflow-ids';
import { resolveUpdate } from '../../workflows/definitions';
import type { AppDeps } from '../app-env';
import type { AuthUser } from '../auth/permissions';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors';
import { requireTemporal } from './temporal-access';

type ConflictRow = typeof syncConflicts.$inferSelect;

const updateDeadlineMs = 30_000;

function toConflict(row: ConflictRow) {
  return {
    id: row.id,
    mapping: row.mapping,
    localId: row.localId,
    notionPageId: row.notionPageId,
    fields: row.fields,
    status: row.status,
    resolution: row.resolution,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    workflowId: row.workflowId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The newest conflicts, optionally only `open` or `resolved` ones. */
export async function listConflicts(
  deps: AppDeps,
  query: { status?: 'open' | 'resolved'; limit: number },
) {
  const rows = await deps.db.db
    .select()
    .from(syncConflicts)
    .where(query.status === undefined ? undefined : eq(syncConflicts.status, query.status))
    .orderBy(desc(syncConflicts.createdAt))
    .limit(query.limit);
  return rows.map(toConflict);
}

async function findConflict(deps: AppDeps, id: string): Promise<ConflictRow> {
  const [row] = await deps.db.db.select().from(syncConflicts).where(eq(syncConflicts.id, id));
  if (row === undefined) {
    throw new NotFoundError('Conflict', id);
  }
  return row;
}

/** One conflict with base, local and remote values per field. */
export async function getConflict(deps: AppDeps, id: string) {
  return toConflict(await findConflict(deps, id));
}

/**
 * Sends the resolve Update to the workflow waiting for this conflict and answers its outcome,
 * once both sides hold the chosen values. A resolved conflict is a 409; a resolution that does
 * not fit the conflicting fields a 422, before anything is sent.
 */
export async function resolveConflict(
  deps: AppDeps,
  user: AuthUser,
  id: string,
  request: Omit<ConflictResolution, 'resolvedBy'>,
) {
  const client = requireTemporal(deps);
  const row = await findConflict(deps, id);
  if (row.status !== 'open') {
    throw new ConflictError(`Conflict ${id} is resolved already`);
  }
  const problem = resolutionProblem(Object.keys(row.fields), request);
  if (problem !== undefined) {
    throw new InvalidRequestError('invalid_resolution', problem);
  }
  const workflowId = row.workflowId ?? conflictWorkflowId(row.mapping, row.id);
  const handle = client.workflow.getHandle(workflowId);
  return client.withDeadline(Date.now() + updateDeadlineMs, () =>
    handle.executeUpdate(resolveUpdate, { args: [{ ...request, resolvedBy: user.id }] }),
  );
}
