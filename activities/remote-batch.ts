import { Context } from '@temporalio/activity';

import { emptyProgress, type BatchProgress } from './batch-progress';
import { runBatch, type BatchRunResult } from './batch-runner';
import type { BatchOutput, RemoteBatchInput } from './batch-types';
import { localIdsWithOpenConflict } from './conflict-store';
import { countingNotion, type RequestTally } from './counting-notion';
import { openBatch } from './batch-opening';
import { createLinkBuffer } from './link-buffer';
import { linksByLocalIds, linksByPageIds, type LinkRow } from './link-store';
import { readRowsByIds } from './local-table';
import { pageKeyOf } from './record-codec';
import { syncRecord } from './record-sync';
import type { SyncItem } from './sync-item';
import type { NotionPage } from './sync-notion';
import type { BatchDependencies, SyncEnv } from './sync-env';
import { isUuid } from '../sync/plan-shapes';

/** The environment of one batch call: counted Notion calls, its signal, its link buffer. */
export function batchEnv(deps: BatchDependencies, context: Context, tally: RequestTally): SyncEnv {
  return {
    ...deps,
    notion: countingNotion(deps.notion, tally),
    signal: context.cancellationSignal,
    links: createLinkBuffer(deps.db, deps.entry.definition.name),
  };
}

/**
 * Reads one page of the remote scan and syncs each page in it. Pages are sorted by creation time,
 * which the sync's own writes never change, so a cursor stays valid across a retry.
 */
export async function syncRemoteBatch(
  deps: BatchDependencies,
  input: RemoteBatchInput,
): Promise<BatchOutput<string>> {
  const context = Context.current();
  const tally: RequestTally = { requests: 0 };
  const env = batchEnv(deps, context, tally);
  const start = resumeFrom(context, input.doneKeys);
  const opening = await openBatch(context, input.maxAttempts, async () => {
    const batch = await queryPages(env, input, start, tally);
    // A trash scan that Notion answers with live pages as well syncs them too, and says so:
    // the workflow then skips the live scan, which would read them all a second time.
    return { batch, items: await loadItems(env, batch.pages) };
  });
  if (!opening.isOpen) {
    const { retryAfterMs } = opening;
    const doneBefore = input.doneKeys.length;
    return stalledOutput(start, tally, { cursor: input.cursor, retryAfterMs, doneBefore });
  }
  const { batch, items } = opening.value;
  const result = await runBatch({
    items,
    start,
    maxAttempts: input.maxAttempts,
    concurrency: input.concurrency ?? 1,
    tally,
    sync: (item) => syncRecord(env, input.run, item),
    flush: () => env.links.flush(),
  });
  const nextCursor = result.isPartial ? input.cursor : batch.nextCursor;
  const isLiveScanCovered = input.inTrash && coversLivePages(deps.notion, batch.pages);
  return { ...outputOf(result, nextCursor, input.doneKeys.length), isLiveScanCovered };
}

/** Notion integrations whose trash scans were seen answering live pages as well. */
const answersLiveInTrashScans = new WeakSet<object>();

/**
 * Whether a trash scan's answer stands for the live scan too: it held a live page, or this
 * integration's trash scans were seen holding live pages before (then an answer without one
 * means no live page changed either). Until that is seen, the live scan still runs.
 */
function coversLivePages(notion: object, pages: readonly NotionPage[]): boolean {
  if (pages.some((page) => !page.in_trash)) {
    answersLiveInTrashScans.add(notion);
  }
  return answersLiveInTrashScans.has(notion);
}

/** The heartbeat of a failed attempt, or a fresh progress that skips the input's done keys. */
export function resumeFrom(context: Context, doneKeys: readonly string[]): BatchProgress {
  const details: unknown = context.info.heartbeatDetails;
  return isProgress(details) ? details : emptyProgress(doneKeys);
}

function isProgress(value: unknown): value is BatchProgress {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as BatchProgress).doneKeys)
  );
}

async function queryPages(
  env: SyncEnv,
  input: RemoteBatchInput,
  start: BatchProgress,
  tally: RequestTally,
) {
  const query = {
    editedSince: input.editedSince,
    cursor: input.cursor,
    pageSize: input.pageSize,
    inTrash: input.inTrash,
  };
  try {
    return await env.notion.queryChangedPages(query, env.signal);
  } catch (error) {
    // The retried attempt resumes from this heartbeat, so the failed request stays counted.
    const requests = start.counts.requests + tally.requests;
    Context.current().heartbeat({ ...start, counts: { ...start.counts, requests } });
    throw error;
  }
}

async function loadItems(env: SyncEnv, pages: readonly NotionPage[]): Promise<SyncItem[]> {
  const { db, entry } = env;
  const mapping = entry.definition.name;
  const keyOf = (page: NotionPage) => pageKeyOf(entry.definition, page);
  const byPage = await linksByPageIds(
    db,
    mapping,
    pages.map((page) => page.id),
  );
  const keys = pages
    .filter((page) => !byPage.has(page.id))
    .map(keyOf)
    .filter((key): key is string => isUuid(key));
  const byLocal = await linksByLocalIds(db, mapping, keys);
  const localIds = [...[...byPage.values()].map((link) => link.localId), ...keys];
  const rows = await readRowsByIds(db, entry.synced, localIds);
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const conflicted = await localIdsWithOpenConflict(db, mapping, localIds);
  return pages.map((page) => {
    const link = byPage.get(page.id) ?? pendingLinkFor(byLocal, keyOf(page));
    const localId = link?.localId ?? keyOf(page);
    const row = localId === undefined ? undefined : rowsById.get(localId);
    const hasOpenConflict = row !== undefined && conflicted.has(row.id);
    return { key: page.id, source: 'remote', row, link, page, hasOpenConflict };
  });
}

/** Only a pending link may be matched through the page key; a real one names another page. */
function pendingLinkFor(
  byLocal: Map<string, LinkRow>,
  key: string | undefined,
): LinkRow | undefined {
  const link = key === undefined ? undefined : byLocal.get(key);
  return link?.isPending === true ? link : undefined;
}

/** The answer of a batch that stalled before it could sync a record: same place, try later. */
export function stalledOutput<Cursor>(
  start: BatchProgress,
  tally: RequestTally,
  stall: { cursor: Cursor | null; retryAfterMs: number | undefined; doneBefore: number },
): BatchOutput<Cursor> {
  const requests = start.counts.requests + tally.requests;
  const progress = { ...start, counts: { ...start.counts, requests } };
  const result = { progress, isPartial: true, isStalled: true, retryAfterMs: stall.retryAfterMs };
  return outputOf(result, stall.cursor, stall.doneBefore);
}

/** The activity's answer for a finished or partial batch. */
export function outputOf<Cursor>(
  result: BatchRunResult,
  nextCursor: Cursor | null,
  doneBefore: number,
): BatchOutput<Cursor> {
  const { progress } = result;
  return {
    nextCursor,
    isPartial: result.isPartial,
    isStalled: result.isStalled === true,
    doneKeys: result.isPartial ? progress.doneKeys : [],
    retryAfterMs: result.retryAfterMs,
    processed: progress.doneKeys.length - doneBefore,
    counts: progress.counts,
    kinds: progress.kinds,
    plannedRequests: progress.plannedRequests,
    errors: progress.errors,
    conflicts: progress.conflicts,
    plannedLocalIds: progress.plannedLocalIds,
    retryFrom: progress.retryFrom,
  };
}
