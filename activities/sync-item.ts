import type { RecordValues } from '../sync/mapping';
import type { PlanInput } from '../sync/plan-types';
import type { LinkRow } from './link-store';
import type { LocalRow } from './local-table';
import { localValuesOf, pageKeyOf, remoteValuesOf } from './record-codec';
import type { NotionPage } from './sync-notion';
import type { MappingEntry } from './sync-env';

/** One record of a batch, as read from both sides before planning. */
export interface SyncItem {
  /** The page id in remote batches, the row id in local batches. */
  key: string;
  /** Which scan found the record. */
  source: 'local' | 'remote';
  row: LocalRow | undefined;
  link: LinkRow | undefined;
  page: NotionPage | undefined;
  hasOpenConflict: boolean;
  /** The row's canonical values, where the batch has computed them already. */
  localValues?: RecordValues;
}

/** The record's ids, for errors and events. */
export function idsOf(item: SyncItem): { localId?: string; pageId?: string } {
  const pageId = item.page?.id ?? (item.link?.isPending === false ? item.link.pageId : undefined);
  return { localId: item.row?.id ?? item.link?.localId, pageId };
}

/**
 * Turns the item into the planner's input. A pending link whose page turned up counts as linked
 * to it, with the base its create was sent with; one whose page is unknown counts as no link.
 */
export function planInputOf(entry: MappingEntry, item: SyncItem): PlanInput {
  const { definition } = entry;
  const { row, link, page } = item;
  const linkPageId = link?.isPending === true ? page?.id : link?.pageId;
  return {
    hasOpenConflict: item.hasOpenConflict,
    link:
      link === undefined || linkPageId === undefined
        ? undefined
        : {
            pageId: linkPageId,
            base: link.base,
            isTrashed: link.isTrashed,
            isPending: link.isPending,
          },
    local:
      row === undefined
        ? undefined
        : {
            id: row.id,
            values: item.localValues ?? localValuesOf(definition, row.fields, row.id),
            updatedAt: row.changedAt,
            isDeleted: row.isDeleted,
          },
    remote:
      page === undefined
        ? undefined
        : {
            pageId: page.id,
            values: remoteValuesOf(definition, page),
            editedAt: page.last_edited_time,
            isTrashed: page.in_trash,
            localId: pageKeyOf(definition, page),
          },
  };
}
