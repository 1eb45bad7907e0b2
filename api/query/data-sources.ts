import { desc } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { eventLog, syncConflicts, syncRuns } from '../../db/schema';

/** A source the `data` query reads its most recent rows from. */
export type DataSource = 'sync_runs' | 'conflicts' | 'events';

/** The newest `limit` rows of `source`, newest first. */
export async function readRecent(db: Db, source: DataSource, limit: number): Promise<unknown[]> {
  switch (source) {
    case 'sync_runs':
      return db.select().from(syncRuns).orderBy(desc(syncRuns.startedAt)).limit(limit);
    case 'conflicts':
      return db.select().from(syncConflicts).orderBy(desc(syncConflicts.createdAt)).limit(limit);
    case 'events':
      return db.select().from(eventLog).orderBy(desc(eventLog.id)).limit(limit);
  }
}
