// Entry script of `npm start`: the whole service on embedded defaults in one process.
import { ConfigError, loadDotEnv } from '../core/env';
import { logger } from '../core/logger';
import { PortInUseError } from './errors';
import { stackBanner } from './stack-banner';
import { loadStackConfig } from './stack-config';
import { startStack, type RunningStack } from './stack-start';
import { installWorkerLogging } from '../worker/start-worker';

let stack: RunningStack | undefined;
let stopSignal: NodeJS.Signals | undefined;

async function main(): Promise<void> {
  const started = performance.now();
  await loadDotEnv();
  installWorkerLogging(logger);
  stack = await startStack(loadStackConfig(process.env), process.env, logger);
  if (stack.seed.isNew) {
    logger.info({ agents: stack.seed.agents, treeId: stack.seed.treeId }, 'Seeded the demo data');
  }
  if (stopSignal !== undefined) {
    await stop(stack, stopSignal);
    return;
  }
  console.log(stackBanner(stack, performance.now() - started));
  const running = stack;
  running.failed.catch((error: unknown) => {
    logger.error({ err: error }, 'The sync worker stopped on its own');
    void stop(running, 'SIGTERM');
  });
}

async function stop(running: RunningStack, signal: NodeJS.Signals): Promise<void> {
  logger.info({ signal }, 'Stack stopping');
  try {
    await running.close();
    logger.info('Stack stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'Stack failed to stop cleanly');
    process.exit(1);
  }
}

// Handlers go in before anything starts: a Ctrl-C during start-up waits for the parts already
// starting and then stops them, instead of leaving the Temporal server running on its own.
// One Ctrl-C reaches this process twice (from the terminal to the whole process group, and again
// relayed by npm and tsx), so only a signal more than a second after the first stops at once.
let stopSignalAt = 0;
function onSignal(signal: NodeJS.Signals): void {
  if (stopSignal !== undefined) {
    if (performance.now() - stopSignalAt > 1_000) {
      logger.warn({ signal }, 'Stopping at once');
      process.exit(130);
    }
    return;
  }
  stopSignal = signal;
  stopSignalAt = performance.now();
  if (stack !== undefined) {
    void stop(stack, signal);
  }
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PortInUseError) {
    console.error(error.message);
  } else {
    logger.error({ err: error }, 'Stack failed to start');
  }
  process.exit(1);
});
