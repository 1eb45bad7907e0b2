import type { Db } from '../db/client';
import { saveLinks, type LinkWrite } from './link-store';

/**
 * Link saves that need no transaction of their own, written together. Losing them in a crash
 * is harmless: the next attempt finds both sides equal and stores the base again, and a create
 * keeps its pending mark until its page is found.
 */
export interface LinkBuffer {
  add(write: LinkWrite): void;
  /** Writes everything buffered in one statement. */
  flush(): Promise<void>;
  readonly size: number;
}

/** A buffer of link saves for `mapping`. */
export function createLinkBuffer(db: Db, mapping: string): LinkBuffer {
  let writes = new Map<string, LinkWrite>();
  return {
    add: (write) => {
      writes.set(write.localId, write);
    },
    flush: async () => {
      if (writes.size === 0) {
        return;
      }
      const batch = [...writes.values()];
      await saveLinks(db, mapping, batch);
      writes = new Map([...writes].filter(([, write]) => !batch.includes(write)));
    },
    get size() {
      return writes.size;
    },
  };
}
