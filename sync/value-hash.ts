import { createHash } from 'node:crypto';

import { stableStringify } from './stable-json';

/**
 * The hash of a record's canonical values (SHA-256 of their stable JSON, in hex), as stored in
 * `sync_links.base_hash`. Key order never changes it. For activities only: workflow code cannot
 * load `node:crypto`, and needs no hash.
 */
export function hashValues(values: unknown): string {
  return createHash('sha256').update(stableStringify(values), 'utf8').digest('hex');
}
