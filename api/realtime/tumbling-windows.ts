import type { WindowCount } from '../../db/events';

/** Event counts per type in one tumbling window `[start, end)`. */
export interface AggregateWindow {
  start: Date;
  end: Date;
  /** Count per event type; types without events in the window are absent. */
  counts: Record<string, number>;
}

/** The window names the HTTP API accepts, in milliseconds. */
export const namedWindows = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
} as const;

/** Most windows one aggregate may span, so a request cannot ask for years of minutes. */
export const maxWindows = 1440;

const minuteMs = 60_000;

/** Whether `windowMs` is a whole number of minutes, answered from the per-minute table. */
export function isWholeMinutes(windowMs: number): boolean {
  return Number.isInteger(windowMs) && windowMs > 0 && windowMs % minuteMs === 0;
}

/**
 * Whether windows of `windowMs` can be aggregated: whole minutes, or whole seconds that divide a
 * minute (so they tile the per-minute buckets and align to the epoch the same way).
 */
export function isSupportedWindow(windowMs: number): boolean {
  const isSecondDivisor = windowMs % 1000 === 0 && minuteMs % windowMs === 0;
  return (
    Number.isInteger(windowMs) && windowMs > 0 && (isSecondDivisor || isWholeMinutes(windowMs))
  );
}

/** Start of the epoch-aligned window of `windowMs` that contains `time`. */
export function windowStart(time: number, windowMs: number): number {
  return Math.floor(time / windowMs) * windowMs;
}

/**
 * Lays `counts` out on every window from the one containing `since` to the one containing the
 * instant before `until`, so empty windows appear with empty counts.
 */
export function toWindows(
  counts: readonly WindowCount[],
  windowMs: number,
  since: Date,
  until: Date,
): AggregateWindow[] {
  const first = windowStart(since.getTime(), windowMs);
  const windows: AggregateWindow[] = [];
  for (let start = first; start < until.getTime(); start += windowMs) {
    windows.push({ start: new Date(start), end: new Date(start + windowMs), counts: {} });
  }
  for (const { type, start, count } of counts) {
    const window = windows[Math.floor((start.getTime() - first) / windowMs)];
    if (window !== undefined) {
      window.counts[type] = (window.counts[type] ?? 0) + count;
    }
  }
  return windows;
}
