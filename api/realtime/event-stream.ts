import type { StoredEvent } from '../../db/events';
import { SlowSubscriberError } from './errors';
import type { EventHub, SubscribeOptions } from './event-hub';
import type { EventSink } from './subscriber';

interface Waiter {
  resolve: (batch: Batch | undefined) => void;
  reject: (error: Error) => void;
}

interface Batch {
  events: readonly StoredEvent[];
  taken: () => void;
}

/** A sink that hands each batch to one waiting reader and resolves the write once it is taken. */
class HandOffSink implements EventSink {
  private offered: Batch | undefined;
  private waiter: Waiter | undefined;
  private ending: { error?: Error } | undefined;

  write(events: readonly StoredEvent[]): Promise<void> {
    return new Promise((taken) => {
      const batch = { events, taken };
      const waiter = this.waiter;
      this.waiter = undefined;
      if (waiter === undefined) {
        this.offered = batch;
      } else {
        waiter.resolve(batch);
      }
    });
  }

  end(error?: Error): void {
    // A batch still on offer was never taken, so the resume position excludes it: discard it.
    this.ending = { error };
    this.offered?.taken();
    this.offered = undefined;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (error === undefined) {
      waiter?.resolve(undefined);
    } else {
      waiter?.reject(error);
    }
  }

  take(): Promise<Batch | undefined> {
    const offered = this.offered;
    this.offered = undefined;
    if (offered !== undefined) {
      return Promise.resolve(offered);
    }
    if (this.ending !== undefined) {
      return this.ending.error === undefined
        ? Promise.resolve(undefined)
        : Promise.reject(this.ending.error);
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}

/**
 * Follows the hub as an async iterable: the backlog after `lastEventId`, then live events.
 * A consumer slower than the hub's client buffer is dropped: the iteration throws a
 * `SlowSubscriberError` whose `lastEventId` is the last event it yielded, so resuming from it
 * repeats and skips nothing. Breaking out of the loop unsubscribes.
 */
export async function* followEvents(
  hub: EventHub,
  options: Omit<SubscribeOptions, 'sink'> = {},
): AsyncGenerator<StoredEvent, void, undefined> {
  const sink = new HandOffSink();
  const subscription = hub.subscribe({ ...options, sink });
  let lastYielded = 0;
  try {
    for (let batch = await sink.take(); batch !== undefined; batch = await sink.take()) {
      for (const event of batch.events) {
        yield event;
        lastYielded = event.id;
      }
      batch.taken();
    }
  } catch (error) {
    // The hub's position excludes a batch that was being yielded when it dropped us.
    if (error instanceof SlowSubscriberError) {
      throw new SlowSubscriberError(error.bufferSize, Math.max(lastYielded, error.lastEventId));
    }
    throw error;
  } finally {
    subscription.close();
  }
}
