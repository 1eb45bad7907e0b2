/**
 * `npm run temporal:cli`: prints the path of the Temporal CLI, building it into the cache first
 * when it is missing and Go is available. Exits 2 when there is no binary and no way to build one.
 * Progress goes to stderr so that stdout holds nothing but the path.
 */
import { pino } from 'pino';

import { loggerOptions } from '../core/logger';
import { ensureTemporalCli } from './temporal-cli';

const logger = pino(loggerOptions(), pino.destination(2));
const path = await ensureTemporalCli({ logger });
if (path === undefined) {
  console.error(
    'No Temporal CLI found and Go is not on PATH; @temporalio/testing will download it.',
  );
  process.exitCode = 2;
} else {
  console.log(path);
}
