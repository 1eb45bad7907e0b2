import type { WindowCount } from '../../db/events';
import { windowStart } from './tumbling-windows';

/**
 * Per-second event counts of the recent past, kept in memory for windows shorter than the
 * per-minute `metrics` table can answer. Counts only the events this process has seen.
 */
export class LiveCounts {
  private readonly seconds = new Map<number, Map<string, number>>();
  private prunedAt = 0;

  /** @param retentionMs how long a second's counts are kept, in milliseconds. */
  constructor(private readonly retentionMs: number) {}

  /**
   * Counts one event of `type` that happened at `at`; events older than the retention are ignored.
   */
  add(type: string, at: Date, now = Date.now()): void {
    const second = windowStart(at.getTime(), 1000);
    if (second < now - this.retentionMs) {
      return;
    }
    const counts = this.seconds.get(second) ?? new Map<string, number>();
    counts.set(type, (counts.get(type) ?? 0) + 1);
    this.seconds.set(second, counts);
    this.prune(now);
  }

  /** Sums the seconds in `[since, until)` into epoch-aligned windows of `windowMs`. */
  countByWindow(windowMs: number, since: Date, until: Date): WindowCount[] {
    const sums = new Map<string, WindowCount>();
    for (const [second, counts] of this.seconds) {
      if (second < since.getTime() || second >= until.getTime()) {
        continue;
      }
      const start = windowStart(second, windowMs);
      for (const [type, count] of counts) {
        const key = `${start}/${type}`;
        const sum = sums.get(key) ?? { type, start: new Date(start), count: 0 };
        sum.count += count;
        sums.set(key, sum);
      }
    }
    return [...sums.values()];
  }

  private prune(now: number): void {
    if (now - this.prunedAt < 1000) {
      return;
    }
    this.prunedAt = now;
    for (const second of this.seconds.keys()) {
      if (second < now - this.retentionMs) {
        this.seconds.delete(second);
      }
    }
  }
}
