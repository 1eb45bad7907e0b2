/** Where the emulator reads the time from; `Date` by default. */
export interface ClockSource {
  now(): number;
}

/**
 * The emulator's clock: a source plus an offset that tests move forward, or a frozen instant.
 * Notion floors `created_time` and `last_edited_time` to the minute; the clock keeps full
 * precision so that ordering within one minute stays stable.
 */
export class EmulatorClock {
  private offsetMs = 0;
  private frozenAtMs: number | undefined;

  constructor(private readonly source: ClockSource = { now: () => Date.now() }) {}

  now(): number {
    return (this.frozenAtMs ?? this.source.now()) + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  set(atMs: number, isFrozen: boolean): void {
    this.offsetMs = 0;
    this.frozenAtMs = isFrozen ? atMs : undefined;
    if (!isFrozen) {
      this.offsetMs = atMs - this.source.now();
    }
  }

  resetToSource(): void {
    this.offsetMs = 0;
    this.frozenAtMs = undefined;
  }
}

/** The instant floored to the whole minute, as an ISO string the way Notion prints it. */
export function minuteIso(ms: number): string {
  const minute = floorToMinute(ms);
  let text = isoByMinute.get(minute);
  if (text === undefined) {
    text = new Date(minute).toISOString();
    if (isoByMinute.size > 10_000) {
      isoByMinute.clear();
    }
    isoByMinute.set(minute, text);
  }
  return text;
}

// Reads of thousands of rows share a handful of minutes; formatting each once saves real time.
const isoByMinute = new Map<number, string>();

/** The instant floored to the whole minute, in milliseconds. */
export function floorToMinute(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
