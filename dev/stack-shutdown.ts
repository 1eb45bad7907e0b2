import type { Logger } from '../core/logger';

/** One part of the stack and how to stop it. */
interface Closer {
  name: string;
  close(): Promise<void>;
}

/** The parts of a running stack, stopped in the reverse of the order they started in. */
export interface ShutdownList {
  add(name: string, close: () => Promise<void>): void;
  /** Stops every part, last started first; a part that fails to stop is logged and skipped. */
  closeAll(): Promise<void>;
}

/** An empty {@link ShutdownList} that reports to `logger`. */
export function createShutdownList(logger: Logger): ShutdownList {
  const closers: Closer[] = [];
  return {
    add: (name, close) => {
      closers.push({ name, close });
    },
    closeAll: async () => {
      for (const closer of closers.splice(0).reverse()) {
        const started = Date.now();
        try {
          await closer.close();
          logger.info({ part: closer.name, ms: Date.now() - started }, 'Stopped a stack part');
        } catch (error) {
          logger.error({ part: closer.name, err: error }, 'A stack part failed to stop');
        }
      }
    },
  };
}
