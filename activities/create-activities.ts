import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { Logger } from '../core/logger';
import { appendEvent } from '../db/events';
import type { Db } from '../db/client';
import type { ConflictOutcome } from '../sync/run-types';
import type {
  BatchOutput,
  LocalBatchInput,
  LocalCut,
  LocalCutInput,
  LocalRangeInput,
  RemoteBatchInput,
} from './batch-types';
import { ConflictResolutionError, RecordValueError, UnknownMappingError } from './errors';
import { syncLocalBatch } from './local-batch';
import { cutChangedRows, type LocalCursor } from './local-table';
import { defaultMappings, entryOf, type MappingRegistry } from './mapping-registry';
import { syncRemoteBatch } from './remote-batch';
import { resolveConflict, type ResolveConflictInput } from './resolve-conflict';
import { beginRun, finishRun, type RunFinish, type RunWindow } from './run-lifecycle';
import type { MappingEntry, RunContext } from './sync-env';
import type { SyncNotion } from './sync-notion';

/** What the sync activities need from the process. */
export interface ActivityDependencies {
  db: Db;
  /** The Notion data source the mappings sync with. */
  notion: SyncNotion;
  /** Default: `agents` only. */
  mappingRegistry?: MappingRegistry;
  logger: Logger;
}

/** Input of `beginSyncRun`. */
export interface BeginSyncRunInput {
  run: RunContext;
  /** Milliseconds read again before each watermark. */
  overlapMs: number;
}

/**
 * Builds the sync activities over one database and one Notion integration. Register the result
 * on the worker; workflows reach it through `proxyActivities<SyncActivities>`.
 */
export function createActivities(deps: ActivityDependencies) {
  const registry = deps.mappingRegistry ?? defaultMappings;
  const schemaChecks = new Map<string, Promise<void>>();
  const envOf = (mapping: string) => ({
    db: deps.db,
    notion: deps.notion,
    logger: deps.logger,
    entry: entryOf(registry, mapping),
  });

  function ensureSchema(entry: MappingEntry): Promise<void> {
    const name = entry.definition.name;
    let check = schemaChecks.get(name);
    if (check === undefined) {
      const specs = [
        ...entry.definition.fields.map((field) => ({ name: field.property, type: field.type })),
        { name: entry.definition.keyProperty, type: 'rich_text' },
      ];
      check = deps.notion.ensureProperties(specs).catch((error: unknown) => {
        schemaChecks.delete(name);
        throw error;
      });
      schemaChecks.set(name, check);
    }
    return check;
  }

  return {
    /** Opens a run: checks the data source schema once per process, reads the watermarks. */
    async beginSyncRun(input: BeginSyncRunInput): Promise<RunWindow> {
      const entry = await businessFailures(() =>
        Promise.resolve().then(() => entryOf(registry, input.run.mapping)),
      );
      await ensureSchema(entry);
      return beginRun(deps, input.run, input.overlapMs);
    },
    /** Syncs one page of Notion's changed pages. */
    async syncRemoteBatch(input: RemoteBatchInput): Promise<BatchOutput<string>> {
      const output = await syncRemoteBatch(envOf(input.run.mapping), input);
      await announceProgress(deps, input.run, input.inTrash ? 'pull_trash' : 'pull', output);
      return output;
    },
    /** Syncs one keyset page of changed rows (runs that push one batch at a time). */
    async syncLocalBatch(input: LocalBatchInput): Promise<BatchOutput<LocalCursor>> {
      const output = await syncLocalBatch(envOf(input.run.mapping), input);
      await announceProgress(deps, input.run, 'push', output);
      return output;
    },
    /**
     * Syncs the changed rows of one range that `cutLocalBatches` cut. A name of its own: a worker
     * that predates ranges does not know it, where it would read past `upTo` under the old name.
     */
    async syncLocalRange(input: LocalRangeInput): Promise<BatchOutput<LocalCursor>> {
      const output = await syncLocalBatch(envOf(input.run.mapping), input);
      await announceProgress(deps, input.run, 'push', output);
      return output;
    },
    /** Cuts the push window into the key ranges of the next batches, from the keys alone. */
    async cutLocalBatches(input: LocalCutInput): Promise<LocalCut> {
      const entry = await businessFailures(() =>
        Promise.resolve().then(() => entryOf(registry, input.run.mapping)),
      );
      return cutChangedRows(deps.db, entry.synced, input);
    },
    /** Moves the watermarks and closes the audit row. */
    async finishSyncRun(input: RunFinish): Promise<void> {
      await finishRun(deps, input);
    },
    /** Applies a person's resolution of a conflict. */
    async applyConflictResolution(input: ResolveConflictInput): Promise<ConflictOutcome> {
      const env = {
        db: deps.db,
        notion: deps.notion,
        logger: deps.logger,
        signal: Context.current().cancellationSignal,
      };
      return businessFailures(() => resolveConflict(env, (name) => entryOf(registry, name), input));
    },
  };
}

/** The activities `createActivities` builds, for `proxyActivities` in workflows. */
export type SyncActivities = ReturnType<typeof createActivities>;

/**
 * Appends a `sync.progress` event for one batch call, for the API's event stream. Progress is
 * news, not state: when the database refuses it, the batch's work stands and the run goes on.
 */
async function announceProgress(
  deps: ActivityDependencies,
  run: RunContext,
  phase: 'pull' | 'pull_trash' | 'push',
  output: BatchOutput<unknown>,
): Promise<void> {
  const progress = {
    workflowId: run.workflowId,
    mapping: run.mapping,
    direction: run.direction,
    isDryRun: run.isDryRun,
    phase,
    processed: output.processed,
    isPartial: output.isPartial,
    ...output.counts,
  };
  deps.logger.debug(progress, 'Synced a batch');
  try {
    await appendEvent(deps.db, 'sync.progress', progress);
  } catch (error) {
    deps.logger.warn({ err: error, workflowId: run.workflowId }, 'Could not announce progress');
  }
}

/** Runs `work`, turning failures no retry can fix into non-retryable `ApplicationFailure`s. */
async function businessFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const isBusiness =
      error instanceof ConflictResolutionError ||
      error instanceof RecordValueError ||
      error instanceof UnknownMappingError;
    if (isBusiness) {
      throw ApplicationFailure.create({
        type: error.name,
        message: error.message,
        nonRetryable: true,
      });
    }
    throw error;
  }
}
