import { homedir } from 'node:os';
import { join } from 'node:path';

import type { Env } from '../core/env';

/**
 * The directory where the local stack keeps tools it builds or resolves once per machine:
 * `$XDG_CACHE_HOME/eco-bot`, else `~/.cache/eco-bot`. It lives outside the checkout on purpose, so
 * a fresh clone (as CI makes for every run) finds what an earlier run left there.
 */
export function ecoBotCacheDir(env: Env = process.env): string {
  const xdgCache = env.XDG_CACHE_HOME;
  const base = xdgCache !== undefined && xdgCache !== '' ? xdgCache : join(homedir(), '.cache');
  return join(base, 'eco-bot');
}
