/** A subscriber fell more than `bufferSize` events behind the live stream and was dropped. */
export class SlowSubscriberError extends Error {
  override readonly name = 'SlowSubscriberError';
  readonly bufferSize: number;
  /** The last event id the subscriber was sent; it resumes from here without a gap. */
  readonly lastEventId: number;

  constructor(bufferSize: number, lastEventId: number) {
    super(`Subscriber fell more than ${bufferSize} events behind; resume from ${lastEventId}`);
    this.bufferSize = bufferSize;
    this.lastEventId = lastEventId;
  }
}

/** An aggregate window that is neither a divisor of a minute nor a whole number of minutes. */
export class UnsupportedWindowError extends Error {
  override readonly name = 'UnsupportedWindowError';
  readonly windowMs: number;

  constructor(windowMs: number) {
    super(`Window of ${windowMs} ms must divide a minute or be a whole number of minutes`);
    this.windowMs = windowMs;
  }
}

/** A subscription was made on a hub that is not started or already closed. */
export class HubNotRunningError extends Error {
  override readonly name = 'HubNotRunningError';

  constructor() {
    super('The event hub is not running');
  }
}

/** An aggregate would span more windows than one answer may hold. */
export class WindowRangeError extends Error {
  override readonly name = 'WindowRangeError';
  readonly windowCount: number;
  readonly maxWindows: number;

  constructor(windowCount: number, maxWindows: number) {
    super(`The range spans ${windowCount} windows; at most ${maxWindows} are allowed`);
    this.windowCount = windowCount;
    this.maxWindows = maxWindows;
  }
}
