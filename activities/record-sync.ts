import { appendEvent } from '../db/events';
import { planRecord } from '../sync/plan-record';
import { skipPlan } from '../sync/plan-shapes';
import type { PlanContext, PlanKind, RecordPlan } from '../sync/plan-types';
import type { RecordError } from '../sync/run-types';
import { openConflict, type OpenedConflict } from './conflict-store';
import { RecordValueError } from './errors';
import { writeLocal } from './local-write';
import { localIdFor, writeRemote } from './remote-write';
import { idsOf, planInputOf, type SyncItem } from './sync-item';
import type { RunContext, SyncEnv } from './sync-env';

/** What happened to one record. */
export interface RecordOutcome {
  kind: PlanKind;
  /** Notion writes the plan called for. */
  cost: number;
  hasConflict: boolean;
  conflict?: OpenedConflict;
  /** Set on dry runs for a record the plan would write, so the push scan does not plan it twice. */
  plannedLocalId?: string;
  error?: RecordError;
}

/** Plans one record and, unless the run is a dry run, carries the plan out. */
export async function syncRecord(
  env: SyncEnv,
  run: RunContext,
  item: SyncItem,
): Promise<RecordOutcome> {
  const plan = deferTrashMoves(
    item,
    planRecord(planContextOf(env, run), planInputOf(env.entry, item)),
  );
  const outcome: RecordOutcome = {
    kind: plan.kind,
    cost: plan.cost,
    hasConflict: plan.conflicts.length > 0,
  };
  if (plan.kind === 'invalid') {
    throw new RecordValueError(plan.problem ?? 'The record is invalid', idsOf(item));
  }
  if (run.isDryRun) {
    const localId = idsOf(item).localId;
    return plan.kind === 'skip' || localId === undefined
      ? outcome
      : { ...outcome, plannedLocalId: localId };
  }
  if (plan.kind === 'conflict') {
    return { ...outcome, conflict: await recordConflict(env, run, item, plan) };
  }
  const localId = localIdFor(item, plan);
  const page = await writeRemote(env, item, plan, localId);
  await writeLocal(env, item, plan, { localId, page });
  return outcome;
}

function planContextOf(env: SyncEnv, run: RunContext): PlanContext {
  const { direction, policy, tieBreaker } = run;
  return { mapping: env.entry.definition, direction, policy, tieBreaker };
}

/**
 * Trashing or restoring a page moves it between the live and the trashed query; doing it while
 * paging through one of them would shift the pages after it. The push scan does it instead.
 */
function deferTrashMoves(item: SyncItem, plan: RecordPlan): RecordPlan {
  const action = plan.remote;
  const movesPage = action.type === 'trash' || (action.type === 'update' && action.restore);
  return item.source === 'remote' && movesPage ? skipPlan('left to the push scan') : plan;
}

async function recordConflict(
  env: SyncEnv,
  run: RunContext,
  item: SyncItem,
  plan: RecordPlan,
): Promise<OpenedConflict> {
  const { localId, pageId } = idsOf(item);
  if (localId === undefined || pageId === undefined) {
    throw new RecordValueError('A conflict needs both a row and a page', { localId, pageId });
  }
  const opened = await openConflict(env.db, run.mapping, {
    localId,
    pageId,
    conflicts: plan.conflicts,
    runWorkflowId: run.workflowId,
  });
  if (opened.isNew) {
    await appendEvent(env.db, 'conflict.opened', { ...opened.conflict, mapping: run.mapping });
  }
  return opened.conflict;
}
