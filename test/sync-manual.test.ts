import { WorkflowUpdateFailedError } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { agents, syncConflicts } from '../db/schema';
import type { ConflictOutcome } from '../sync/run-types';
import { conflictStateQuery, resolveUpdate } from '../workflows/definitions';
import { createSyncHarness, readAllPages, seedAgents, type SyncHarness } from './sync-harness';

let harness: SyncHarness;
let ids: string[];

beforeAll(async () => {
  harness = await createSyncHarness();
  await harness.startWorker();
  ids = await seedAgents(harness, 3, 'Manual');
  await harness.sync({ direction: 'both' });
});

afterAll(async () => {
  await harness.close();
});

async function pageIdOf(localId: string): Promise<string> {
  const page = (await readAllPages(harness)).find((candidate) => candidate.localId === localId);
  return page?.id ?? '';
}

async function conflictOf(localId: string) {
  const rows = await harness.database.db
    .select()
    .from(syncConflicts)
    .where(eq(syncConflicts.localId, localId));
  return rows.at(-1);
}

async function editBothSides(localId: string, local: string, remote: string): Promise<void> {
  await harness.database.db
    .update(agents)
    .set({ name: local, updatedAt: sql`now()`, version: sql`${agents.version} + 1` })
    .where(eq(agents.id, localId));
  harness.emulator.control.editPageAsHuman(await pageIdOf(localId), {
    properties: { Name: { title: [{ text: { content: remote } }] } },
  });
}

describe('manual conflict resolution', () => {
  const localId = () => ids[0] ?? '';

  it('records the conflict, leaves both sides alone and starts a waiting child', async () => {
    await editBothSides(localId(), 'Local name', 'Remote name');

    const result = await harness.sync({ direction: 'both', conflictResolution: 'manual' });

    expect(result).toMatchObject({ conflicts: 1, failed: 0 });
    const conflict = await conflictOf(localId());
    expect(conflict).toMatchObject({
      status: 'open',
      fields: { name: { local: 'Local name', remote: 'Remote name' } },
    });
    const [row] = await harness.database.db.select().from(agents).where(eq(agents.id, localId()));
    expect(row?.name).toBe('Local name');
    const page = (await readAllPages(harness)).find((candidate) => candidate.localId === localId());
    expect(page?.name).toBe('Remote name');
    const child = harness.client.workflow.getHandle(conflict?.workflowId ?? '');
    expect((await child.describe()).status.name).toBe('RUNNING');
    expect(await child.query(conflictStateQuery)).toMatchObject({
      status: 'open',
      fields: ['name'],
    });
  });

  it('skips the record in later runs while the conflict waits', async () => {
    const result = await harness.sync({ direction: 'both', conflictResolution: 'manual' });

    expect(result.conflicts).toBe(0);
    expect(await conflictOf(localId())).toMatchObject({ status: 'open' });
  });

  it('rejects a resolution that does not fit the conflict without failing the wait', async () => {
    const child = harness.client.workflow.getHandle(
      (await conflictOf(localId()))?.workflowId ?? '',
    );

    const update = child.executeUpdate(resolveUpdate, {
      args: [{ choice: 'merged', values: { role: 'lead' } }],
    });

    await expect(update).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await child.describe()).status.name).toBe('RUNNING');
  });

  it('applies merged values to both sides when the resolve Update arrives', async () => {
    const conflict = await conflictOf(localId());
    const child = harness.client.workflow.getHandle(conflict?.workflowId ?? '');

    const outcome: ConflictOutcome = await child.executeUpdate(resolveUpdate, {
      args: [{ choice: 'merged', values: { name: 'Agreed name' }, resolvedBy: 'ops@example.org' }],
    });

    expect(outcome).toMatchObject({ status: 'resolved', values: { name: 'Agreed name' } });
    expect(await child.result()).toMatchObject({ status: 'resolved' });
    const [row] = await harness.database.db.select().from(agents).where(eq(agents.id, localId()));
    expect(row?.name).toBe('Agreed name');
    const page = (await readAllPages(harness)).find((candidate) => candidate.localId === localId());
    expect(page?.name).toBe('Agreed name');
    expect(await conflictOf(localId())).toMatchObject({
      status: 'resolved',
      resolvedBy: 'ops@example.org',
    });
    const after = await harness.sync({ direction: 'both', conflictResolution: 'manual' });
    expect(after).toMatchObject({ conflicts: 0, success: 0 });
  });

  it('keeps the remote value when the person picks Notion', async () => {
    const other = ids[1] ?? '';
    await editBothSides(other, 'Mine', 'Theirs');
    await harness.sync({ direction: 'both', conflictResolution: 'manual' });
    const child = harness.client.workflow.getHandle((await conflictOf(other))?.workflowId ?? '');

    await child.executeUpdate(resolveUpdate, { args: [{ choice: 'remote' }] });

    const [row] = await harness.database.db.select().from(agents).where(eq(agents.id, other));
    expect(row?.name).toBe('Theirs');
  });
});
