import { describe, expect, it } from 'vitest';

import { CheckpointClock } from './checkpointed-run';

const cadence = { records: 10, ms: 1_000 };

/**
 * Finishes `records` records `msApart` milliseconds apart on a clock that starts at `startMs`;
 * returns the records after which a checkpoint was due, counting from 1.
 */
function dueAfter(records: number, msApart: number, startMs = 0): number[] {
  let now = startMs;
  const clock = new CheckpointClock(() => now, cadence);
  const due: number[] = [];
  for (let record = 1; record <= records; record += 1) {
    now += msApart;
    if (clock.recordDone()) {
      due.push(record);
    }
  }
  return due;
}

describe('CheckpointClock', () => {
  it('calls for a checkpoint every 10 records when records take longer than the interval', () => {
    expect(dueAfter(35, 300)).toEqual([10, 20, 30]);
  });

  it('waits for the interval when records come faster, then starts counting again', () => {
    // 25 records fill the second; the next checkpoint needs 10 more records and another second.
    expect(dueAfter(60, 40)).toEqual([25, 50]);
  });

  it('calls for none in a batch that ends within the interval', () => {
    expect(dueAfter(50, 5, 5_000)).toEqual([]);
  });
});
