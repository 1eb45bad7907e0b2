import { describe, expect, it } from 'vitest';

import { agentsMapping } from './agents-mapping';
import type { RecordValues } from './mapping';
import { planRecord } from './plan-record';
import type { LocalState, PlanContext, RemoteState } from './plan-types';
import { summarizePlans } from './plan-summary';

const base: RecordValues = {
  name: 'Ada',
  role: 'expert',
  status: 'active',
  capabilities: ['a'],
  metadata: {},
};
const id = '00000000-0000-4000-8000-000000000001';
const pageId = '10000000-0000-4000-8000-000000000001';
const both: PlanContext = {
  mapping: agentsMapping,
  direction: 'both',
  policy: 'latest_wins',
  tieBreaker: 'remote',
};
const link = { pageId, base, isTrashed: false };

function local(values = base, updatedAt = '2025-01-01T10:00:30Z', isDeleted = false): LocalState {
  return { id, values, updatedAt, isDeleted };
}

function remote(values = base, editedAt = '2025-01-01T10:00:00Z', isTrashed = false): RemoteState {
  return { pageId, values, editedAt, isTrashed, localId: id };
}

describe('planRecord', () => {
  it('creates a page for a new row, at the cost of one request', () => {
    const plan = planRecord(both, { local: local() });
    expect(plan.kind).toBe('create');
    expect(plan.cost).toBe(1);
    expect(plan.nextBase).toEqual(base);
  });

  it('skips an unchanged record at no cost', () => {
    const plan = planRecord(both, { link, local: local(), remote: remote() });
    expect(plan).toMatchObject({ kind: 'skip', cost: 0 });
  });

  it('updates only the locally changed fields of a linked page', () => {
    const plan = planRecord(both, { link, local: local({ ...base, name: 'Bo' }) });
    expect(plan.remote).toEqual({
      type: 'update',
      values: { name: 'Bo' },
      restore: false,
      setKey: false,
    });
    expect(plan.local).toEqual({ type: 'none' });
    expect(plan.nextBase).toEqual({ ...base, name: 'Bo' });
  });

  it('merges disjoint edits of both sides without a conflict', () => {
    const plan = planRecord(both, {
      link,
      local: local({ ...base, name: 'Bo' }),
      remote: remote({ ...base, role: 'lead' }),
    });
    expect(plan.kind).toBe('merge');
    expect(plan.conflicts).toEqual([]);
    expect(plan.nextBase).toEqual({ ...base, name: 'Bo', role: 'lead' });
  });

  it('lets the later side win a same-field conflict under latest_wins', () => {
    const plan = planRecord(both, {
      link,
      local: local({ ...base, name: 'Bo' }, '2025-01-01T10:05:00Z'),
      remote: remote({ ...base, name: 'Cy' }, '2025-01-01T10:03:00Z'),
    });
    expect(plan.remote).toMatchObject({ type: 'update', values: { name: 'Bo' } });
    expect(plan.conflicts).toHaveLength(1);
  });

  it('records the conflict and writes nothing under manual', () => {
    const plan = planRecord(
      { ...both, policy: 'manual' },
      { link, local: local({ ...base, name: 'Bo' }), remote: remote({ ...base, name: 'Cy' }) },
    );
    expect(plan).toMatchObject({
      kind: 'conflict',
      cost: 0,
      remote: { type: 'none' },
      local: { type: 'none' },
    });
    expect(plan.nextBase).toBeUndefined();
  });

  it('keeps the old base for a field the direction does not let through', () => {
    const plan = planRecord(
      { ...both, direction: 'push' },
      { link, local: local(), remote: remote({ ...base, role: 'lead' }) },
    );
    expect(plan.kind).toBe('skip');
    expect(plan.nextBase).toEqual(base);
  });

  it('trashes the page of a soft-deleted row and marks the link', () => {
    const plan = planRecord(both, { link, local: local(base, undefined, true) });
    expect(plan).toMatchObject({ kind: 'trash', cost: 1, isLinkTrashed: true });
  });

  it('soft-deletes the row of a trashed page', () => {
    const plan = planRecord(both, { link, local: local(), remote: remote(base, undefined, true) });
    expect(plan).toMatchObject({ kind: 'delete_local', cost: 0, local: { type: 'soft_delete' } });
  });

  it('restores the row when a trashed page comes back', () => {
    const plan = planRecord(both, {
      link: { ...link, isTrashed: true },
      local: local(base, undefined, true),
      remote: remote(),
    });
    expect(plan).toMatchObject({ kind: 'restore', local: { type: 'update', restore: true } });
    expect(plan.isLinkTrashed).toBe(false);
  });

  it('inserts a row for a new page and keeps its uuid key as the row id', () => {
    const plan = planRecord(both, { remote: remote() });
    expect(plan.local).toEqual({ type: 'insert', values: base, id });
    expect(plan.cost).toBe(0);
  });

  it('writes the key back when a new page has none', () => {
    const plan = planRecord(both, { remote: { ...remote(), localId: undefined } });
    expect(plan.remote).toMatchObject({ type: 'update', setKey: true });
    expect(plan.cost).toBe(1);
  });

  it('refuses to pull an empty required field', () => {
    const plan = planRecord(both, {
      link,
      local: local(),
      remote: remote({ ...base, role: null }),
    });
    expect(plan.kind).toBe('invalid');
    expect(plan.problem).toMatch(/Role is required/);
  });

  it('skips a record whose conflict is still open', () => {
    const plan = planRecord(both, {
      link,
      local: local({ ...base, name: 'Bo' }),
      hasOpenConflict: true,
    });
    expect(plan.kind).toBe('skip');
  });

  it('counts a lost create found again by its key as linked, at no cost', () => {
    const plan = planRecord(both, {
      link: { pageId: 'page-1', base, isTrashed: false, isPending: true },
      local: local(),
      remote: remote(),
    });
    expect(plan).toMatchObject({ kind: 'link', cost: 0, nextBase: base });
  });

  it('links a row and a page that meet with equal values at no cost', () => {
    const plan = planRecord(both, { local: local(), remote: remote() });
    expect(plan).toMatchObject({ kind: 'link', cost: 0, nextBase: base });
  });
});

describe('summarizePlans', () => {
  it('knows the request cost of a run before anything is sent', () => {
    const plans = [
      planRecord(both, { local: local() }),
      planRecord(both, { link, local: local({ ...base, name: 'Bo' }) }),
      planRecord(both, { link, local: local(), remote: remote() }),
    ];
    expect(summarizePlans(plans)).toEqual({
      kinds: { create: 1, update: 1, skip: 1 },
      cost: 2,
      conflicts: 0,
    });
  });
});
