import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { WorkflowFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';

import { readWatermarks } from '../activities/run-store';
import { agents } from '../db/schema';
import type { SyncResult } from '../sync/run-types';
import { auditSync } from './sync-audit';
import { countRequests, createSyncHarness, seedAgents, type SyncHarness } from './sync-harness';
import { waitFor } from './wait-for';

let harness: SyncHarness;

beforeAll(async () => {
  harness = await createSyncHarness({ notionTimeoutMs: 1_000 });
  await harness.startWorker();
});

afterEach(() => {
  harness.emulator.control.clearFaults();
});

afterAll(async () => {
  await harness.close();
});

const fast = { retryDelayMs: 100, heartbeatTimeoutMs: 5_000 };

/** Runs syncs until one finishes without a failed record; returns every result. */
async function syncUntilClean(maxRuns: number): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (let run = 0; run < maxRuns; run += 1) {
    const result = await harness.sync({ direction: 'both', ...fast });
    results.push(result);
    if (result.failed === 0) {
      break;
    }
  }
  return results;
}

describe('sync under Notion faults', () => {
  it(
    'loses, duplicates and corrupts nothing when 30% of calls fail or time out',
    {
      timeout: 240_000,
    },
    async () => {
      await seedAgents(harness, 300, 'Flaky');
      harness.emulator.control.failShare({
        probability: 0.25,
        statuses: [429, 500, 502, 503, 504],
        seed: 7,
      });
      harness.emulator.control.hangNext({ count: 6 });
      harness.emulator.control.failNext({
        status: 504,
        method: 'POST',
        path: '/v1/pages',
        count: 8,
        isAppliedFirst: true,
      });

      const results = await syncUntilClean(6);

      harness.emulator.control.clearFaults();
      const audit = await auditSync(harness);
      console.log('30% faults', { runs: results.length, firstRun: results[0], audit });
      expect(results.at(-1)?.failed).toBe(0);
      expect(audit).toMatchObject({ lost: 0, duplicated: 0, wrong: 0, rows: 300, pages: 300 });
      expect(harness.emulator.control.statusCounts()['504']).toBeGreaterThan(0);
    },
  );

  it('creates no duplicate when Notion applies a create but the reply is lost', async () => {
    await seedAgents(harness, 40, 'Dropped');
    harness.emulator.control.dropReplyNext({ method: 'POST', path: '/v1/pages', count: 5 });

    const results = await syncUntilClean(4);

    const audit = await auditSync(harness);
    console.log('dropped replies', { runs: results.length, audit });
    expect(audit).toMatchObject({ lost: 0, duplicated: 0, wrong: 0, rows: 340, pages: 340 });
  });

  it('reports one invalid record as failed after one attempt and syncs the rest', async () => {
    const ids = await seedAgents(harness, 199, 'Valid');
    const tooMany = Array.from({ length: 101 }, (_, index) => `skill-${index}`);
    const [invalid] = await harness.database.db
      .insert(agents)
      .values({ name: 'Invalid', role: 'energy_advisor', capabilities: tooMany })
      .returning({ id: agents.id });
    harness.emulator.control.clearRequestLog();

    const result = await harness.sync({ direction: 'both', ...fast });

    expect(result).toMatchObject({ failed: 1, success: 199 });
    expect(result.errors).toEqual([expect.objectContaining({ localId: invalid?.id })]);
    expect(countRequests(harness, 'POST', '/v1/pages')).toBe(200);
    const audit = await auditSync(harness);
    expect(audit).toMatchObject({ lost: 1, duplicated: 0, wrong: 0, pages: 539 });
    expect(ids).toHaveLength(199);
    // Later tests count failures of their own records only.
    await harness.database.db.delete(agents).where(eq(agents.id, invalid?.id ?? ''));
  });

  it('waits out a Notion outage that outlasts every attempt of a batch, then goes on', async () => {
    await seedAgents(harness, 20, 'Outage');
    harness.emulator.control.clearRequestLog();
    const fault = harness.emulator.control.failShare({
      probability: 1,
      statuses: [503],
      method: 'POST',
    });
    const run = harness.sync({ direction: 'push', retryDelayMs: 500, heartbeatTimeoutMs: 5_000 });
    // Three failed attempts stall the batch; the fourth failure comes after the workflow's wait.
    await waitFor(() => (harness.emulator.control.statusCounts()['503'] ?? 0) >= 4);
    harness.emulator.control.removeFault(fault);

    const result = await run;

    expect(result.failed).toBe(0);
    expect(await auditSync(harness)).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
  });

  it('fails the run and keeps its watermarks when Notion stays away', async () => {
    await seedAgents(harness, 5, 'Away');
    const before = await readWatermarks(harness.database.db, 'agents');
    harness.emulator.control.failShare({ probability: 1, statuses: [503], method: 'POST' });

    const failure: unknown = await harness
      .sync({ direction: 'push', ...fast })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/No record could be synced/);
    expect(await readWatermarks(harness.database.db, 'agents')).toEqual(before);
  });
});
