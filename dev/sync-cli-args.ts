import { parseArgs } from 'node:util';

import type { ConflictPolicy, SyncDirection } from '../sync/mapping';

/** What `npm run sync -- …` asked for. */
export interface SyncCliArgs {
  direction: SyncDirection;
  /** Undefined leaves it to `SYNC_CONFLICT_RESOLUTION`. */
  policy: ConflictPolicy | undefined;
  isDryRun: boolean;
  isWatching: boolean;
  isHelp: boolean;
}

/** The usage text of the sync CLI. */
export const syncCliUsage = `Usage: npm run sync -- [--direction push|pull|both]
         [--policy latest_wins|manual] [--dry-run] [--watch]

Starts a sync run through Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE),
shows its progress until it ends and prints the result.
  --direction  push (database to Notion), pull (Notion to database) or both; default both
  --policy     how conflicts are settled; default SYNC_CONFLICT_RESOLUTION (latest_wins)
  --dry-run    plan and count, but write nothing
  --watch      after this run, follow every run the sync schedule (SYNC_SCHEDULE_ID) starts`;

const directions: readonly SyncDirection[] = ['push', 'pull', 'both'];
const policies: readonly ConflictPolicy[] = ['latest_wins', 'manual'];

/** Parses the CLI's arguments; throws a `TypeError` whose message says what is wrong. */
export function parseSyncCliArgs(argv: readonly string[]): SyncCliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      direction: { type: 'string', default: 'both' },
      policy: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    direction: oneOf('--direction', values.direction, directions),
    policy: values.policy === undefined ? undefined : oneOf('--policy', values.policy, policies),
    isDryRun: values['dry-run'],
    isWatching: values.watch,
    isHelp: values.help,
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new TypeError(`${flag} must be one of ${allowed.join(', ')}; got ${value}`);
  }
  return match;
}
