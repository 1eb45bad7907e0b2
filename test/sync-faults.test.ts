import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { agents } from '../db/schema';
import type { SyncResult } from '../sync/run-types';
import { auditSync } from './sync-audit';
import { createSyncHarness, seedAgents, type SyncHarness } from './sync-harness';

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

function countRequests(method: string, path: string): number {
  return harness.emulator.control
    .requestLog()
    .filter((entry) => entry.method === method && entry.path === path).length;
}

describe('sync under Notion faults', () => {
  it('loses, duplicates and corrupts nothing when 30% of calls fail or time out', async () => {
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
  });

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
    expect(countRequests('POST', '/v1/pages')).toBe(200);
    const audit = await auditSync(harness);
    expect(audit).toMatchObject({ lost: 1, duplicated: 0, wrong: 0, pages: 539 });
    expect(ids).toHaveLength(199);
  });
});
