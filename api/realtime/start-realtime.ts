import { logger as defaultLogger, type Logger } from '../../core/logger';
import type { Database } from '../../db/client';
import { SlowSubscriberError } from './errors';
import { EventHub, type EventHubOptions } from './event-hub';
import { followEvents } from './event-stream';
import { RealTimeProcessor, type RealTimeProcessorOptions } from './real-time-processor';

/** The real-time half of the API: the hub clients follow and the processor that feeds on it. */
export interface Realtime {
  hub: EventHub;
  processor: RealTimeProcessor;
  /** Stops the hub, ends every subscription and flushes the processor. */
  close(): Promise<void>;
}

/** Options of `startRealtime`. */
export interface RealtimeOptions {
  hub?: EventHubOptions;
  processor?: Omit<RealTimeProcessorOptions, 'db'>;
  logger?: Logger;
}

/**
 * Starts the event hub on `database` and feeds every live event into a `RealTimeProcessor` whose
 * whole-minute aggregates read the same database.
 */
export async function startRealtime(
  database: Database,
  options: RealtimeOptions = {},
): Promise<Realtime> {
  const logger = options.logger ?? defaultLogger;
  const hub = new EventHub(database, { logger, ...options.hub });
  await hub.start();
  const processor = new RealTimeProcessor({ logger, ...options.processor, db: database.db });
  const feeding = feed(hub, processor, logger);
  return {
    hub,
    processor,
    close: async () => {
      await hub.close();
      await feeding;
      await processor.close();
    },
  };
}

async function feed(hub: EventHub, processor: RealTimeProcessor, logger: Logger): Promise<void> {
  let lastEventId: number | undefined;
  for (;;) {
    try {
      await processor.processStream(followEvents(hub, { lastEventId }));
      return;
    } catch (error) {
      if (!(error instanceof SlowSubscriberError)) {
        logger.error({ err: String(error) }, 'Real-time processor stopped');
        return;
      }
      // Its handlers fell behind: resume from the table where the dropped stream stopped.
      lastEventId = error.lastEventId;
      logger.warn({ lastEventId }, 'Real-time processor fell behind and resumes');
    }
  }
}
