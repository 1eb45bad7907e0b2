import { describe, expect, it } from 'vitest';

import { floorToMinute, latestSide, settleConflicts } from './conflict-policy';
import { mergeRecord } from './merge';

describe('latestSide', () => {
  it('picks the remote edit when its minute is later than the local edit', () => {
    const times = {
      localUpdatedAt: '2025-01-01T10:00:59.900Z',
      remoteEditedAt: '2025-01-01T10:01:00.000Z',
    };
    expect(latestSide(times, 'local')).toBe('remote');
  });

  it('picks the local edit when its minute is later than the page minute', () => {
    const times = {
      localUpdatedAt: '2025-01-01T10:02:00.100Z',
      remoteEditedAt: '2025-01-01T10:01:00.000Z',
    };
    expect(latestSide(times, 'remote')).toBe('local');
  });

  it('gives a same-minute tie to the configured side, since Notion hides the seconds', () => {
    const times = {
      localUpdatedAt: '2025-01-01T10:01:45.000Z',
      remoteEditedAt: '2025-01-01T10:01:00.000Z',
    };
    expect(latestSide(times, 'remote')).toBe('remote');
    expect(latestSide(times, 'local')).toBe('local');
  });
});

describe('floorToMinute', () => {
  it('floors instants before the epoch too', () => {
    expect(floorToMinute(-1)).toBe(-60_000);
    expect(floorToMinute(119_999)).toBe(60_000);
  });
});

describe('settleConflicts', () => {
  const merged = mergeRecord(['name'], { name: 'A' }, { name: 'L' }, { name: 'R' });

  it('sends the local value to Notion when the local side wins', () => {
    const settled = settleConflicts(merged, 'local');
    expect(settled.toRemote).toEqual({ name: 'L' });
    expect(settled.toLocal).toEqual({});
  });

  it('writes the remote value locally when Notion wins', () => {
    const settled = settleConflicts(merged, 'remote');
    expect(settled.toLocal).toEqual({ name: 'R' });
    expect(settled.toRemote).toEqual({});
  });
});
