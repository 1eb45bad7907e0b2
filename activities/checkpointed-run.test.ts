import { describe, expect, it } from 'vitest';

import { CheckpointClock } from './checkpointed-run';

/** A clock whose time only moves when the test says so. */
function manualTime(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CheckpointClock', () => {
  it('calls for a checkpoint every 10 records when records take longer than the interval', () => {
    const time = manualTime();
    const clock = new CheckpointClock(time.now, { records: 10, ms: 1_000 });
    const due: number[] = [];
    for (let record = 1; record <= 35; record += 1) {
      time.advance(300);
      if (clock.recordDone()) due.push(record);
    }
    expect(due).toEqual([10, 20, 30]);
  });

  it('waits for the interval when records come faster, then starts counting again', () => {
    const time = manualTime();
    const clock = new CheckpointClock(time.now, { records: 10, ms: 1_000 });
    const due: number[] = [];
    for (let record = 1; record <= 60; record += 1) {
      time.advance(40);
      if (clock.recordDone()) due.push(record);
    }
    // 25 records fill the second; the next checkpoint needs 10 more records and another second.
    expect(due).toEqual([25, 50]);
  });

  it('calls for none in a batch that ends within the interval', () => {
    const time = manualTime(5_000);
    const clock = new CheckpointClock(time.now, { records: 10, ms: 1_000 });
    const due = Array.from({ length: 50 }, () => (time.advance(5), clock.recordDone()));
    expect(due.some(Boolean)).toBe(false);
  });
});
