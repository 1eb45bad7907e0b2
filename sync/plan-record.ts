import { planMerge } from './plan-merge';
import { findRequiredProblem, isUuid, planOf, skipPlan } from './plan-shapes';
import type {
  LinkState,
  LocalState,
  PlanContext,
  PlanInput,
  RecordPlan,
  RemoteState,
} from './plan-types';

/**
 * Decides what one record needs in this run: which writes go to which side, the base to store
 * afterwards and the Notion requests it costs. Pure: the same input always gives the same plan.
 */
export function planRecord(context: PlanContext, input: PlanInput): RecordPlan {
  const { link, local, remote } = input;
  if (input.hasOpenConflict === true) {
    return skipPlan('an open conflict waits for a person');
  }
  if (link === undefined) {
    return planUnlinked(context, local, remote);
  }
  if (local === undefined) {
    return skipPlan('the linked row no longer exists');
  }
  if (link.isTrashed) {
    return planTrashedLink(context, link, local, remote);
  }
  if (local.isDeleted || remote?.isTrashed === true) {
    return planDeletion(context, link, local, remote);
  }
  const plan = planMerge(context, link.base, local, sideOf(link, remote));
  return link.isPending === true && plan.kind === 'skip' ? { ...plan, kind: 'link' } : plan;
}

function canPush(context: PlanContext): boolean {
  return context.direction !== 'pull';
}

function canPull(context: PlanContext): boolean {
  return context.direction !== 'push';
}

function sideOf(link: LinkState, remote: RemoteState | undefined) {
  return { values: remote?.values ?? link.base, editedAt: remote?.editedAt };
}

function planUnlinked(
  context: PlanContext,
  local: LocalState | undefined,
  remote: RemoteState | undefined,
): RecordPlan {
  if (remote === undefined) {
    if (local === undefined || local.isDeleted || !canPush(context)) {
      return skipPlan('nothing to create');
    }
    return {
      ...planOf('create', { type: 'create', values: local.values }),
      nextBase: local.values,
    };
  }
  if (remote.isTrashed) {
    return skipPlan('the page is in the trash and was never linked');
  }
  if (local?.isDeleted === true) {
    return canPush(context)
      ? { ...planOf('trash', { type: 'trash' }), nextBase: {}, isLinkTrashed: true }
      : skipPlan('the row is deleted');
  }
  if (local !== undefined) {
    const plan = planMerge(context, undefined, local, {
      values: remote.values,
      editedAt: remote.editedAt,
    });
    return plan.kind === 'skip' ? { ...plan, kind: 'link' } : plan;
  }
  return planInsert(context, remote);
}

function planInsert(context: PlanContext, remote: RemoteState): RecordPlan {
  if (!canPull(context)) {
    return skipPlan('a new page is only pulled when the direction allows it');
  }
  const problem = findRequiredProblem(context.mapping, remote.values);
  if (problem !== undefined) {
    return { ...planOf('invalid'), problem };
  }
  const id = isUuid(remote.localId) ? remote.localId : undefined;
  const setKey = id === undefined && canPush(context);
  const remoteAction = setKey
    ? { type: 'update' as const, values: {}, restore: false, setKey }
    : { type: 'none' as const };
  const localAction = { type: 'insert' as const, values: remote.values, id };
  return { ...planOf('insert', remoteAction, localAction), nextBase: remote.values };
}

function planTrashedLink(
  context: PlanContext,
  link: LinkState,
  local: LocalState,
  remote: RemoteState | undefined,
): RecordPlan {
  const isPageRestored = remote !== undefined && !remote.isTrashed;
  const isRowRestored = !local.isDeleted;
  if (isPageRestored && isRowRestored) {
    return { ...planMerge(context, link.base, local, sideOf(link, remote)), isLinkTrashed: false };
  }
  if (isPageRestored && canPull(context)) {
    const plan = planMerge(context, link.base, local, sideOf(link, remote), {
      local: true,
      remote: false,
    });
    return { ...plan, isLinkTrashed: false };
  }
  if (isRowRestored && canPush(context)) {
    const plan = planMerge(context, link.base, local, sideOf(link, remote), {
      local: false,
      remote: true,
    });
    return { ...plan, isLinkTrashed: false };
  }
  return skipPlan('both sides are deleted');
}

function planDeletion(
  context: PlanContext,
  link: LinkState,
  local: LocalState,
  remote: RemoteState | undefined,
): RecordPlan {
  const isPageTrashed = remote?.isTrashed === true;
  if (local.isDeleted && isPageTrashed) {
    return { ...planOf('skip'), nextBase: link.base, isLinkTrashed: true };
  }
  if (local.isDeleted) {
    return canPush(context)
      ? { ...planOf('trash', { type: 'trash' }), nextBase: link.base, isLinkTrashed: true }
      : skipPlan('a deleted row is only pushed when the direction allows it');
  }
  return canPull(context)
    ? {
        ...planOf('delete_local', undefined, { type: 'soft_delete' }),
        nextBase: link.base,
        isLinkTrashed: true,
      }
    : skipPlan('a trashed page is only pulled when the direction allows it');
}
