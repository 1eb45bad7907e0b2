import { appendEvent } from '../db/events';
import type { Db } from '../db/client';
import { transaction } from '../db/transaction';
import type { RecordPlan } from '../sync/plan-types';
import { stableStringify } from '../sync/stable-json';
import { LocalChangedError } from './errors';
import { saveLink, type LinkWrite } from './link-store';
import { insertRow, updateRow, type DeletionChange } from './local-table';
import type { SyncItem } from './sync-item';
import type { NotionPage } from './sync-notion';
import type { SyncEnv } from './sync-env';

/**
 * Applies the plan's database write and stores the new base, in one transaction. Runs after the
 * Notion write: if it fails, the next attempt finds both sides equal and only stores the base.
 */
export async function writeLocal(
  env: SyncEnv,
  item: SyncItem,
  plan: RecordPlan,
  write: { localId: string; page: NotionPage | undefined },
): Promise<void> {
  const pageId = write.page?.id ?? item.page?.id ?? item.link?.pageId;
  if (plan.local.type === 'none' && !needsLinkSave(item, plan, write.page)) {
    return;
  }
  const linkOf = (version: number | undefined): LinkWrite | undefined =>
    pageId === undefined
      ? undefined
      : {
          localId: write.localId,
          pageId,
          base: plan.nextBase ?? item.link?.base ?? {},
          localVersion: version ?? item.row?.version ?? 1,
          remoteEditedAt: editedAtOf(item, write.page),
          isTrashed: plan.isLinkTrashed ?? item.link?.isTrashed ?? false,
        };
  if (plan.local.type === 'none') {
    const link = linkOf(undefined);
    if (link !== undefined) {
      env.links.add(link);
    }
    return;
  }
  await transaction(env.db, async (tx) => {
    const link = linkOf(await applyLocal(tx, env, item, plan, write.localId));
    if (link !== undefined) {
      await saveLink(tx, env.entry.definition.name, link);
    }
  });
}

function needsLinkSave(item: SyncItem, plan: RecordPlan, page: NotionPage | undefined): boolean {
  const { link } = item;
  if (page !== undefined || link === undefined || link.isPending) {
    return plan.nextBase !== undefined || page !== undefined;
  }
  const isBaseChanged =
    plan.nextBase !== undefined && stableStringify(plan.nextBase) !== stableStringify(link.base);
  const isTrashChanged = plan.isLinkTrashed !== undefined && plan.isLinkTrashed !== link.isTrashed;
  return isBaseChanged || isTrashChanged;
}

function editedAtOf(item: SyncItem, page: NotionPage | undefined): string {
  return (
    page?.last_edited_time ??
    item.page?.last_edited_time ??
    item.link?.remoteEditedAt ??
    new Date(0).toISOString()
  );
}

async function applyLocal(
  tx: Db,
  env: SyncEnv,
  item: SyncItem,
  plan: RecordPlan,
  localId: string,
): Promise<number | undefined> {
  const { synced, events } = env.entry;
  const action = plan.local;
  if (action.type === 'none') {
    return undefined;
  }
  if (action.type === 'insert') {
    const version = await insertRow(tx, synced, localId, action.values);
    await emit(tx, events?.created, localId);
    return version;
  }
  const deletion: DeletionChange =
    action.type === 'soft_delete' ? 'delete' : action.restore ? 'restore' : 'keep';
  const values = action.type === 'update' ? action.values : {};
  const expectedVersion = item.row?.version ?? 0;
  const version = await updateRow(tx, synced, { id: localId, expectedVersion, values, deletion });
  if (version === undefined) {
    throw new LocalChangedError(localId);
  }
  await emit(tx, deletion === 'delete' ? events?.deleted : events?.updated, localId);
  return version;
}

async function emit(tx: Db, type: Parameters<typeof appendEvent>[1] | undefined, id: string) {
  if (type !== undefined) {
    await appendEvent(tx, type, { id, source: 'sync' });
  }
}
