import { logger as defaultLogger, type Logger } from '../../core/logger';
import type { Database } from '../../db/client';
import {
  eventsChannel,
  latestEventId,
  parseNotifiedEvent,
  prepareEventReader,
  readEventsAfter,
  type EventReader,
  type EventType,
  type StoredEvent,
} from '../../db/events';
import { HubNotRunningError } from './errors';
import { Subscriber, type EventSink } from './subscriber';

/** Options of an `EventHub`. */
export interface EventHubOptions {
  /** Events read from `event_log` per query. Default 500. */
  pageSize?: number;
  /** Live events queued per subscriber before it is dropped as too slow. Default 1000. */
  clientBufferSize?: number;
  /**
   * Milliseconds between reads when no notification arrives, a safety net for a lost LISTEN
   * connection. Default 5000.
   */
  pollIntervalMs?: number;
  logger?: Logger;
}

/** What a subscriber wants. */
export interface SubscribeOptions {
  sink: EventSink;
  /** Resume after this event id; undefined starts with the next event committed. */
  lastEventId?: number;
  /** Event types to deliver; undefined or empty delivers every type. */
  types?: readonly EventType[];
}

/** A live subscription; `ready` settles once the backlog has been handed to the sink. */
export interface Subscription {
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Fans committed events out to subscribers. One LISTEN per process. A notification that carries
 * the very next event (its id one above the last delivered, no read in flight) is delivered as
 * it is: appends are serialised and notifications come in commit order, so nothing can be missing
 * before it. Any other notification only rings the bell, and the hub reads every row after the
 * last id it delivered, so payloads may arrive late, twice, out of order or not at all (an id
 * skipped by a rolled-back append) without a gap or duplicate reaching a client.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly pageSize: number;
  private readonly clientBufferSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: Logger;
  private readonly readAfter: EventReader;
  private cursor = 0;
  private running = false;
  private isDirty = false;
  private pumping: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    options: EventHubOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.clientBufferSize = options.clientBufferSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.logger = options.logger ?? defaultLogger;
    this.readAfter = prepareEventReader(database.db);
  }

  /** Id of the newest event delivered to subscribers. */
  get lastEventId(): number {
    return this.cursor;
  }

  /** Whether `start` has run and `close` has not. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Number of open subscriptions. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Starts listening; events committed before this call count as backlog. */
  async start(): Promise<void> {
    // LISTEN first: an event committed between the two steps is then either below the cursor
    // or announced by a notification, never neither.
    // Events committed while the listening connection was down went unannounced: read them.
    this.unlisten = await this.database.listen(eventsChannel, (payload) => this.notified(payload), {
      onRestored: () => this.ring(),
    });
    this.cursor = await latestEventId(this.database.db);
    this.running = true;
    this.timer = setInterval(() => this.ring(), this.pollIntervalMs);
    this.timer.unref();
  }

  /**
   * Subscribes `sink`: first the backlog after `lastEventId` from the table, then live events,
   * with no gap and no duplicate. Throws `HubNotRunningError` before `start` or after `close`.
   */
  subscribe(options: SubscribeOptions): Subscription {
    if (!this.running) {
      throw new HubNotRunningError();
    }
    const position = Math.max(0, options.lastEventId ?? this.cursor);
    const subscriber = new Subscriber({
      sink: options.sink,
      types: options.types?.length ? new Set(options.types) : undefined,
      position,
      bufferSize: this.clientBufferSize,
      isCatchingUp: position < this.cursor,
      onClose: () => this.subscribers.delete(subscriber),
    });
    this.subscribers.add(subscriber);
    const ready = position < this.cursor ? this.catchUp(subscriber) : Promise.resolve();
    return { ready, close: () => subscriber.close() };
  }

  /** Stops listening and ends every subscription; safe to call twice. */
  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.unlisten?.();
    this.unlisten = undefined;
    await this.pumping;
    for (const subscriber of this.subscribers) {
      subscriber.close();
    }
  }

  private async catchUp(subscriber: Subscriber): Promise<void> {
    try {
      do {
        // Every id up to the cursor has been offered to others but not to this subscriber,
        // and every id above it will be offered to it: the backlog is exactly (position, until].
        const until = this.cursor;
        await this.sendBacklog(subscriber, until);
        subscriber.position = Math.max(subscriber.position, until);
      } while (subscriber.takeOverflow() && !subscriber.isClosed);
      subscriber.goLive();
    } catch (error) {
      subscriber.close(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async sendBacklog(subscriber: Subscriber, until: number): Promise<void> {
    while (subscriber.position < until && !subscriber.isClosed) {
      const rows = await readEventsAfter(
        this.database.db,
        subscriber.position,
        this.pageSize,
        until,
      );
      if (rows.length === 0) {
        return;
      }
      await subscriber.sendBacklog(rows);
    }
  }

  private notified(payload: string): void {
    const event = parseNotifiedEvent(payload);
    const isNext = event !== undefined && event.id === this.cursor + 1;
    if (isNext && this.running && this.pumping === undefined) {
      this.deliver(event);
      return;
    }
    this.ring();
  }

  private deliver(event: StoredEvent): void {
    this.cursor = event.id;
    for (const subscriber of this.subscribers) {
      subscriber.offer(event);
    }
  }

  private ring(): void {
    if (!this.running) {
      return;
    }
    if (this.pumping !== undefined) {
      this.isDirty = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  private async pump(): Promise<void> {
    do {
      this.isDirty = false;
      try {
        await this.drain();
      } catch (error) {
        this.logger.warn({ err: String(error), cursor: this.cursor }, 'Reading new events failed');
        return;
      }
    } while (this.isDirty && this.running);
  }

  private async drain(): Promise<void> {
    let rows: StoredEvent[];
    do {
      rows = await this.readAfter(this.cursor, this.pageSize);
      for (const event of rows) {
        this.deliver(event);
      }
    } while (rows.length === this.pageSize && this.running);
  }
}
