import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The mapping a sync run works on (e.g. `agents`), so the Web UI can filter runs by it. */
export const syncMappingKey = defineSearchAttributeKey('SyncMapping', SearchAttributeType.KEYWORD);

/** The direction of a sync run: `push`, `pull` or `both`. */
export const syncDirectionKey = defineSearchAttributeKey(
  'SyncDirection',
  SearchAttributeType.KEYWORD,
);

/**
 * Every custom search attribute the workflows set. A server must have them registered before a
 * workflow upserts them: dev servers get them through the `searchAttributes` option, a real
 * cluster through `temporal operator search-attribute create`.
 */
export const syncSearchAttributes = [syncMappingKey, syncDirectionKey];
