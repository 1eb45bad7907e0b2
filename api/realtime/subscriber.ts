import type { EventType, StoredEvent } from '../../db/events';
import { SlowSubscriberError } from './errors';

/** Where a subscriber's events go: an SSE response, a WebSocket or an async iterator. */
export interface EventSink {
  /** Writes `events` in id order; resolves once the transport took them (its backpressure). */
  write(events: readonly StoredEvent[]): Promise<void>;
  /** Ends delivery; `error` says why when the hub dropped the subscriber. */
  end(error?: Error): void;
}

/** What a `Subscriber` starts from. */
export interface SubscriberInit {
  sink: EventSink;
  /** Event types to deliver; undefined delivers every type. */
  types: ReadonlySet<EventType> | undefined;
  /** Id of the last event the client has; delivery starts after it. */
  position: number;
  /** Live events queued before the subscriber counts as too slow. */
  bufferSize: number;
  /** Whether the backlog must be read from the table before live delivery starts. */
  isCatchingUp: boolean;
  onClose: () => void;
}

/**
 * One client's place in the stream. While it catches up, live events wait in a bounded queue;
 * when that queue overflows it is emptied and the hub reads those events from the table instead,
 * so catching up never holds more than `bufferSize` events. Once live, an overflow drops the
 * client: it reconnects with its last event id and catches up from the table.
 */
export class Subscriber {
  /** Highest event id handed to the sink or skipped by the type filter. */
  position: number;
  isClosed = false;
  private queue: StoredEvent[] = [];
  private isCatchingUp: boolean;
  private hasOverflowed = false;
  private isWriting = false;

  constructor(private readonly init: SubscriberInit) {
    this.position = init.position;
    this.isCatchingUp = init.isCatchingUp;
  }

  /** Takes the next live event; the hub offers ids in increasing order. */
  offer(event: StoredEvent): void {
    if (this.isClosed || event.id <= this.position || !this.accepts(event)) {
      return;
    }
    this.queue.push(event);
    if (this.queue.length <= this.init.bufferSize) {
      if (!this.isCatchingUp) {
        void this.flush();
      }
    } else if (this.isCatchingUp) {
      this.queue = [];
      this.hasOverflowed = true;
    } else {
      this.close(new SlowSubscriberError(this.init.bufferSize, this.position));
    }
  }

  /** Sends rows read from the table during catch-up; `rows` are in id order. */
  async sendBacklog(rows: readonly StoredEvent[]): Promise<void> {
    const wanted = rows.filter((event) => this.accepts(event));
    if (wanted.length > 0) {
      await this.init.sink.write(wanted);
    }
    this.position = Math.max(this.position, rows.at(-1)?.id ?? 0);
  }

  /** Whether live events were discarded since the last call; clears the flag. */
  takeOverflow(): boolean {
    const hasOverflowed = this.hasOverflowed;
    this.hasOverflowed = false;
    return hasOverflowed;
  }

  /** Ends catch-up: drops queued events the backlog covered and starts live delivery. */
  goLive(): void {
    this.queue = this.queue.filter((event) => event.id > this.position);
    this.isCatchingUp = false;
    void this.flush();
  }

  /** Stops delivery and tells the sink; `error` is the reason when the hub drops it. */
  close(error?: Error): void {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    this.queue = [];
    this.init.onClose();
    this.init.sink.end(error);
  }

  private accepts(event: StoredEvent): boolean {
    return this.init.types === undefined || this.init.types.has(event.type);
  }

  private async flush(): Promise<void> {
    if (this.isWriting) {
      return;
    }
    this.isWriting = true;
    try {
      while (this.queue.length > 0 && !this.isClosed) {
        const batch = this.queue;
        this.queue = [];
        await this.init.sink.write(batch);
        this.position = batch[batch.length - 1]?.id ?? this.position;
      }
    } catch (error) {
      this.close(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.isWriting = false;
    }
  }
}
