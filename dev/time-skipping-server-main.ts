/**
 * Prints the path of the time-skipping test server's launcher, resolving it through Maven into
 * the cache first when needed. `.ci/run` calls it so that tests find the server already cached.
 * Progress goes to stderr so that stdout holds nothing but the path.
 */
import { pino } from 'pino';

import { loggerOptions } from '../core/logger';
import { ensureTimeSkippingServer } from './time-skipping-server';

const logger = pino(loggerOptions(), pino.destination(2));
console.log(await ensureTimeSkippingServer({ logger }));
