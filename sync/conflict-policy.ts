import type { Side } from './mapping';
import type { MergeResult } from './merge';

/** The timestamps `latest_wins` compares for one record. */
export interface EditTimes {
  /** The row's `updated_at`, at full precision. */
  localUpdatedAt: string;
  /** The page's `last_edited_time`, which Notion floors to the minute. */
  remoteEditedAt: string;
}

/** Milliseconds since the epoch, floored to the whole minute. */
export function floorToMinute(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}

/**
 * The side whose edit is later. Notion only tells the minute of its edit, so the local time is
 * floored too before comparing; edits within the same minute are a tie and go to `tieBreaker`.
 */
export function latestSide(times: EditTimes, tieBreaker: Side): Side {
  const local = floorToMinute(Date.parse(times.localUpdatedAt));
  const remote = floorToMinute(Date.parse(times.remoteEditedAt));
  if (local === remote || Number.isNaN(local) || Number.isNaN(remote)) {
    return tieBreaker;
  }
  return local > remote ? 'local' : 'remote';
}

/** Moves every conflicting field to the winner's side: the loser takes the winner's value. */
export function settleConflicts(merge: MergeResult, winner: Side): MergeResult {
  const toRemote = { ...merge.toRemote };
  const toLocal = { ...merge.toLocal };
  for (const conflict of merge.conflicts) {
    if (winner === 'local') {
      toRemote[conflict.field] = conflict.local;
    } else {
      toLocal[conflict.field] = conflict.remote;
    }
  }
  return { ...merge, toRemote, toLocal };
}
