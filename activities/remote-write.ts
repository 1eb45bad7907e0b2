import { randomUUID } from 'node:crypto';

import { NotionApiError, NotionNotFoundError, NotionValidationError } from '../notion/errors';
import type { RecordPlan } from '../sync/plan-types';
import { RecordValueError } from './errors';
import { clearPendingCreate, markPendingCreates } from './link-store';
import { propertiesOf } from './record-codec';
import { idsOf, type SyncItem } from './sync-item';
import type { NotionPage } from './sync-notion';
import type { SyncEnv } from './sync-env';

/** The local id a plan works on: the row's, the insert's, or a fresh one for a new page. */
export function localIdFor(item: SyncItem, plan: RecordPlan): string {
  if (plan.local.type === 'insert') {
    return plan.local.id ?? randomUUID();
  }
  return item.row?.id ?? item.link?.localId ?? randomUUID();
}

/**
 * Sends the plan's Notion write, if any, and returns the page as Notion answered it. Refusals
 * that retrying cannot fix (bad value, unknown page) become `RecordValueError`.
 */
export async function writeRemote(
  env: SyncEnv,
  item: SyncItem,
  plan: RecordPlan,
  localId: string,
): Promise<NotionPage | undefined> {
  try {
    return await sendRemote(env, item, plan, localId);
  } catch (error) {
    if (error instanceof NotionValidationError || error instanceof NotionNotFoundError) {
      if (plan.remote.type === 'create') {
        await clearPendingCreate(env.db, env.entry.definition.name, localId);
      }
      throw new RecordValueError(error.message, { ...idsOf(item), localId }, error);
    }
    throw error;
  }
}

async function sendRemote(
  env: SyncEnv,
  item: SyncItem,
  plan: RecordPlan,
  localId: string,
): Promise<NotionPage | undefined> {
  const { definition } = env.entry;
  const action = plan.remote;
  if (action.type === 'none') {
    return undefined;
  }
  if (action.type === 'create') {
    if (item.link?.isPending !== true) {
      const localVersion = item.row?.version ?? 1;
      await markPendingCreates(env.db, definition.name, [
        { localId, base: action.values, localVersion },
      ]);
    }
    return env.notion.createPage(propertiesOf(definition, action.values, localId), env.signal);
  }
  const pageId = pageIdOf(item);
  if (action.type === 'trash') {
    return env.notion.updatePage(pageId, { inTrash: true }, env.signal);
  }
  const key = action.setKey ? localId : undefined;
  const properties = propertiesOf(definition, action.values, key);
  const restored = action.restore
    ? await env.notion.updatePage(pageId, { inTrash: false }, env.signal)
    : undefined;
  if (Object.keys(properties).length === 0) {
    return restored;
  }
  return env.notion.updatePage(pageId, { properties }, env.signal);
}

function pageIdOf(item: SyncItem): string {
  const pageId = idsOf(item).pageId;
  if (pageId === undefined) {
    throw new NotionApiError('A linked record has no page id', {
      code: 'missing_page',
      isRetryable: false,
    });
  }
  return pageId;
}
