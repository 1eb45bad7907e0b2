import { logger as defaultLogger, type Logger } from '../../core/logger';
import type { Db } from '../../db/client';
import { countEventsByWindow, type EventType, type StoredEvent } from '../../db/events';
import { UnsupportedWindowError, WindowRangeError } from './errors';
import { LiveCounts } from './live-counts';
import {
  isSupportedWindow,
  isWholeMinutes,
  maxWindows,
  toWindows,
  windowStart,
  type AggregateWindow,
} from './tumbling-windows';

/** An event as the processor sees it; a `StoredEvent` is one. */
export interface RealTimeEvent extends Omit<StoredEvent, 'id'> {
  id?: number;
}

/** What the `aggregated` handlers get after each flush. */
export interface BatchSummary {
  size: number;
  /** Count per event type in the batch. */
  counts: Record<string, number>;
}

/** Options of a `RealTimeProcessor`. */
export interface RealTimeProcessorOptions {
  /** Events per batch; a full batch is flushed at once. Default 100. */
  batchSize?: number;
  /** Longest time an event waits for its batch to fill, in milliseconds. Default 1000. */
  flushInterval?: number;
  /** Answers whole-minute windows from its `metrics` table; without it memory answers all. */
  db?: Db;
  /** How long per-second counts stay in memory, in milliseconds. Default 900000 (15 min). */
  liveRetentionMs?: number;
  logger?: Logger;
}

type BatchHandler = (events: RealTimeEvent[]) => void | Promise<void>;
type SummaryHandler = (summary: BatchSummary) => void | Promise<void>;

/**
 * The original design's real-time processor: it batches events and hands each batch to the
 * handlers registered with `on`, when `batchSize` events have gathered or `flushInterval` after
 * the first one, whichever comes first; `aggregateData` counts events per type in tumbling windows.
 */
export class RealTimeProcessor {
  private readonly batchSize: number;
  private readonly flushInterval: number;
  private readonly live: LiveCounts;
  private readonly logger: Logger;
  private readonly batchHandlers = new Map<EventType | '*', Set<BatchHandler>>();
  private readonly summaryHandlers = new Set<SummaryHandler>();
  private batch: RealTimeEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: RealTimeProcessorOptions = {}) {
    this.batchSize = options.batchSize ?? 100;
    this.flushInterval = options.flushInterval ?? 1000;
    this.live = new LiveCounts(options.liveRetentionMs ?? 15 * 60_000);
    this.logger = options.logger ?? defaultLogger;
  }

  /** Registers `handler` for per-flush summaries; the result unregisters it. */
  on(type: 'aggregated', handler: SummaryHandler): () => void;
  /** Registers `handler` for the events of `type` in each batch (`*`: the whole batch). */
  on(type: EventType | '*', handler: BatchHandler): () => void;
  on(type: EventType | '*' | 'aggregated', handler: BatchHandler | SummaryHandler): () => void {
    if (type === 'aggregated') {
      const summaryHandler = handler as SummaryHandler;
      this.summaryHandlers.add(summaryHandler);
      return () => this.summaryHandlers.delete(summaryHandler);
    }
    const handlers = this.batchHandlers.get(type) ?? new Set<BatchHandler>();
    handlers.add(handler as BatchHandler);
    this.batchHandlers.set(type, handlers);
    return () => handlers.delete(handler as BatchHandler);
  }

  /** Adds one event to the current batch and to the live counts. */
  emit(event: RealTimeEvent): void {
    void this.push(event);
  }

  /**
   * Consumes `stream` until it ends, waiting for each full batch's handlers before reading on,
   * then flushes the rest. Resolves with the number of events consumed.
   */
  async processStream(stream: AsyncIterable<RealTimeEvent>): Promise<number> {
    let consumed = 0;
    for await (const event of stream) {
      consumed += 1;
      await this.push(event);
    }
    await this.flush();
    return consumed;
  }

  /** Hands the current batch to the handlers; resolves when every earlier flush has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() => this.deliver(batch));
    }
    return this.flushing;
  }

  /**
   * Counts events per type in epoch-aligned tumbling windows of `windowMs` from the window holding
   * `since` (default: the last 12 windows) to `until` (default now). Whole-minute windows come from
   * the `metrics` table, shared by every process and kept across restarts; windows of whole
   * seconds dividing a minute come from memory, for events this process saw within the retention.
   * Throws `UnsupportedWindowError` or `WindowRangeError` (over 1440 windows).
   */
  async aggregateData(
    windowMs: number,
    range: { since?: Date; until?: Date } = {},
  ): Promise<AggregateWindow[]> {
    if (!isSupportedWindow(windowMs)) {
      throw new UnsupportedWindowError(windowMs);
    }
    const until = range.until ?? new Date();
    const defaultSince = windowStart(until.getTime() - 1, windowMs) - 11 * windowMs;
    const since = new Date(windowStart(range.since?.getTime() ?? defaultSince, windowMs));
    const windowCount = Math.ceil((until.getTime() - since.getTime()) / windowMs);
    if (windowCount > maxWindows) {
      throw new WindowRangeError(windowCount, maxWindows);
    }
    const counts =
      this.options.db !== undefined && isWholeMinutes(windowMs)
        ? await countEventsByWindow(this.options.db, windowMs, since, until)
        : this.live.countByWindow(windowMs, since, until);
    return toWindows(counts, windowMs, since, until);
  }

  /** Flushes what is left and stops the interval timer. */
  async close(): Promise<void> {
    await this.flush();
  }

  private push(event: RealTimeEvent): Promise<void> {
    this.live.add(event.type, event.createdAt);
    this.batch.push(event);
    if (this.batch.length >= this.batchSize) {
      return this.flush();
    }
    this.timer ??= setTimeout(() => void this.flush(), this.flushInterval);
    return Promise.resolve();
  }

  private async deliver(batch: RealTimeEvent[]): Promise<void> {
    const counts: Record<string, number> = {};
    const calls: Promise<void>[] = [];
    for (const handler of this.batchHandlers.get('*') ?? []) {
      calls.push(this.call(handler, batch));
    }
    for (const type of new Set(batch.map((event) => event.type))) {
      const events = batch.filter((event) => event.type === type);
      counts[type] = events.length;
      for (const handler of this.batchHandlers.get(type) ?? []) {
        calls.push(this.call(handler, events));
      }
    }
    for (const handler of this.summaryHandlers) {
      calls.push(this.call(handler, { size: batch.length, counts }));
    }
    await Promise.all(calls);
  }

  private async call<T>(handler: (value: T) => void | Promise<void>, value: T): Promise<void> {
    try {
      await handler(value);
    } catch (error) {
      this.logger.error({ err: String(error) }, 'Real-time handler failed');
    }
  }
}
