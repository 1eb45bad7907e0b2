import { Context } from '@temporalio/activity';

import type { RecordValues } from '../sync/mapping';
import { openBatch } from './batch-opening';
import { runBatch } from './batch-runner';
import type { BatchOutput, LocalBatchInput } from './batch-types';
import type { RequestTally } from './counting-notion';
import { RecordValueError } from './errors';
import {
  baseHashOf,
  markPendingCreates,
  pendingPagePrefix,
  type LinkRow,
  type PendingCreate,
} from './link-store';
import {
  readChangedRecords,
  type ChangedRecord,
  type LocalCursor,
  type LocalRow,
} from './local-table';
import { localValuesOf, pageKeyOf } from './record-codec';
import { syncRecord } from './record-sync';
import { batchEnv, outputOf, resumeFrom, stalledOutput } from './remote-batch';
import type { SyncItem } from './sync-item';
import type { NotionPage } from './sync-notion';
import type { BatchDependencies, SyncEnv } from './sync-env';

/**
 * Reads one keyset page of rows changed since the local watermark and pushes each. Rows about
 * to get a page are marked pending first, in one statement; rows left pending by an attempt that
 * died are looked up in Notion by their key, in one query, so a lost reply never duplicates.
 */
export async function syncLocalBatch(
  deps: BatchDependencies,
  input: LocalBatchInput,
): Promise<BatchOutput<LocalCursor>> {
  const context = Context.current();
  const tally: RequestTally = { requests: 0 };
  const env = batchEnv(deps, context, tally);
  const start = resumeFrom(context, input.doneKeys);
  const opening = await openBatch(context, input.maxAttempts, async () => {
    // One row more than the batch tells whether another batch follows, without a call for it.
    const read = await readChangedRecords(env.db, env.entry.synced, env.entry.definition.name, {
      since: input.since,
      until: input.until,
      cursor: input.cursor,
      upTo: input.upTo,
      limit: input.limit + 1,
    });
    const records = read.slice(0, input.limit);
    const excluded = new Set(input.excludeLocalIds);
    const included = records.filter((record) => !excluded.has(record.row.id));
    const hasMore = read.length > input.limit;
    const rows = records.map((record) => record.row);
    return { rows, hasMore, items: await loadItems(env, included, !input.run.isDryRun) };
  });
  if (!opening.isOpen) {
    const { retryAfterMs } = opening;
    const doneBefore = input.doneKeys.length;
    return stalledOutput(start, tally, { cursor: input.cursor ?? null, retryAfterMs, doneBefore });
  }
  const { rows, hasMore, items } = opening.value;
  const result = await runBatch({
    items,
    start,
    maxAttempts: input.maxAttempts,
    concurrency: input.concurrency ?? 1,
    tally,
    sync: (item) => syncRecord(env, input.run, item),
    flush: () => env.links.flush(),
  });
  const last = rows.at(-1);
  const nextCursor =
    !hasMore || last === undefined ? null : { changedAt: last.changedAt, id: last.id };
  return outputOf(
    result,
    result.isPartial ? (input.cursor ?? null) : nextCursor,
    input.doneKeys.length,
  );
}

async function loadItems(
  env: SyncEnv,
  records: readonly ChangedRecord[],
  isMarking: boolean,
): Promise<SyncItem[]> {
  const links = new Map<string, LinkRow>();
  const values = new Map<string, RecordValues>();
  for (const { row, link } of records) {
    if (link !== undefined) {
      links.set(row.id, link);
    }
    const rowValues = valuesOrUndefined(env, row);
    if (rowValues !== undefined) {
      values.set(row.id, rowValues);
    }
  }
  const rows = records.map((record) => record.row);
  const found = await findPendingPages(env, [...links.values()]);
  const marked = isMarking
    ? await markNewRows(env, rows, { links, values })
    : new Map<string, LinkRow>();
  return records.map(({ row, hasOpenConflict }) => ({
    key: row.id,
    source: 'local',
    row,
    link: links.get(row.id) ?? marked.get(row.id),
    page: found.get(row.id),
    hasOpenConflict,
    localValues: values.get(row.id),
  }));
}

/** Asks Notion, in one query per 50 rows, which pending creates reached it after all. */
async function findPendingPages(
  env: SyncEnv,
  links: readonly LinkRow[],
): Promise<Map<string, NotionPage>> {
  const { keyProperty } = env.entry.definition;
  const pendingIds = links.filter((link) => link.isPending).map((link) => link.localId);
  const found = new Map<string, NotionPage>();
  for (let start = 0; start < pendingIds.length; start += 50) {
    const ids = pendingIds.slice(start, start + 50);
    for (const page of await env.notion.findPagesByText(keyProperty, ids, env.signal)) {
      const key = pageKeyOf(env.entry.definition, page);
      if (key !== undefined && ids.includes(key) && !found.has(key)) {
        found.set(key, page);
      }
    }
  }
  return found;
}

/**
 * Marks the rows that will get a page in this batch as pending creates: the rows with valid
 * `values` that are neither linked nor soft-deleted.
 */
async function markNewRows(
  env: SyncEnv,
  rows: readonly LocalRow[],
  known: { links: Map<string, LinkRow>; values: Map<string, RecordValues> },
): Promise<Map<string, LinkRow>> {
  const creates: PendingCreate[] = [];
  for (const row of rows) {
    const base = known.values.get(row.id);
    if (!known.links.has(row.id) && !row.isDeleted && base !== undefined) {
      creates.push({ localId: row.id, base, localVersion: row.version });
    }
  }
  await markPendingCreates(env.db, env.entry.definition.name, creates);
  return new Map(creates.map((create) => [create.localId, pendingLink(create)]));
}

/** The row's canonical values, or undefined when one is invalid: its record fails alone later. */
function valuesOrUndefined(env: SyncEnv, row: LocalRow) {
  try {
    return localValuesOf(env.entry.definition, row.fields, row.id);
  } catch (error) {
    if (error instanceof RecordValueError) {
      return undefined;
    }
    throw error;
  }
}

function pendingLink(create: PendingCreate): LinkRow {
  return {
    localId: create.localId,
    pageId: `${pendingPagePrefix}${create.localId}`,
    base: create.base,
    baseHash: baseHashOf(create.base),
    isTrashed: false,
    remoteEditedAt: new Date(0).toISOString(),
    isPending: true,
  };
}
