import { readFile } from 'node:fs/promises';

import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

import { syncWorkflowsPath } from '../worker/create-sync-worker';
import { bundleOnce } from './temporal-env';

/**
 * Histories of runs recorded with earlier versions of the workflows: a `both` run of 100 agents
 * in batches of 10, recorded with `startSync` of test/sync-harness.ts on the version named and
 * `handle.fetchHistory()` written out with `historyToJSON`. Workers of the current code must
 * replay them to their end, or runs in flight during a deploy would fail; each `patched()` in
 * the workflows keeps one of them replaying. A change to the workflows that makes the newest
 * one fail needs a patch, and a history of its own here once it has one.
 */
const recorded = [
  {
    file: 'both-sequential-push.json',
    workflowId: 'replay-seq',
    version: 'one push batch at a time, before `parallel-push-batches`',
  },
  {
    file: 'both-cut-before-launch.json',
    workflowId: 'replay-par',
    version: 'two push batches at once, cut before launch, before `push-launch-before-cut`',
  },
  {
    file: 'both-launch-before-cut.json',
    workflowId: 'replay-now',
    version: 'two push batches at once, launch before the cut',
  },
];

async function readHistory(file: string) {
  const url = new URL(`./fixtures/histories/${file}`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8')) as { events: Record<string, unknown>[] };
}

async function replay(history: unknown, workflowId: string) {
  await Worker.runReplayHistory(
    { workflowBundle: await bundleOnce(syncWorkflowsPath) },
    historyFromJSON(history),
    workflowId,
  );
}

describe('runs recorded with earlier workflow code', () => {
  it.each(recorded)('replays a run of $version', async ({ file, workflowId }) => {
    await expect(replay(await readHistory(file), workflowId)).resolves.toBeUndefined();
  });

  it('fails the replay when the code schedules other activities than the history did', async () => {
    const history = await readHistory('both-cut-before-launch.json');
    const scheduled = history.events.find(
      (event) => event.activityTaskScheduledEventAttributes !== undefined,
    );
    const attributes = scheduled?.activityTaskScheduledEventAttributes as {
      activityType: { name: string };
    };
    attributes.activityType.name = 'someOtherActivity';

    await expect(replay(history, 'replay-par')).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
