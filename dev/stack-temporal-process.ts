import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import type { Logger } from '../core/logger';
import { devServerDynamicConfig } from './dev-server-options';
import { syncSearchAttributes } from '../workflows/search-attributes';

/** What `spawnTemporalServer` starts. */
export interface TemporalProcessSettings {
  executablePath: string;
  port: number;
  uiPort: number;
  /** The SQLite file that keeps runs across restarts. */
  dbFilename: string;
  namespace: string;
  logger: Logger;
}

/** A running `temporal server start-dev` child. */
export interface TemporalProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** The last lines the server printed, for error messages. */
  outputTail(): string;
  /** Asks the server to stop, and kills it after `graceMs` (default 10000 ms). */
  stop(graceMs?: number): Promise<void>;
}

const cliTypes: Readonly<Record<string, string>> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The command-line arguments of the stack's dev server. */
export function temporalServerArgs(settings: TemporalProcessSettings): string[] {
  const searchAttributes = syncSearchAttributes.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${cliTypes[key.type] ?? 'Keyword'}`,
  ]);
  const dynamicConfig = Object.entries(devServerDynamicConfig).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${value}`,
  ]);
  const namespace = settings.namespace === 'default' ? [] : ['--namespace', settings.namespace];
  return [
    ...['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(settings.port)],
    ...['--ui-port', String(settings.uiPort), '--db-filename', settings.dbFilename],
    ...['--log-format', 'json', '--log-level', 'warn'],
    ...namespace,
    ...searchAttributes,
    ...dynamicConfig,
  ];
}

/**
 * Spawns the dev server in a process group of its own, so that a Ctrl-C in the terminal reaches
 * only the stack, which stops the worker first and the server last. Its warnings and errors go
 * to `logger` until `stop` is called; the shutdown chatter after that is dropped.
 */
export function spawnTemporalServer(settings: TemporalProcessSettings): TemporalProcess {
  const child = spawn(settings.executablePath, temporalServerArgs(settings), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const tail: string[] = [];
  let isStopping = false;
  const onLine = (line: string): void => {
    tail.push(line);
    tail.splice(0, tail.length - 20);
    if (!isStopping) {
      forwardLog(settings.logger, line);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  // A crash of the stack must not leave the server behind holding its ports and database.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  return {
    child,
    exited,
    outputTail: () => tail.join('\n').slice(-2000),
    stop: async (graceMs = 10_000) => {
      isStopping = true;
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function forwardLog(logger: Logger, line: string): void {
  if (!line.startsWith('{')) {
    return;
  }
  let entry: { level?: string; msg?: string; error?: string; Error?: string };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return;
  }
  const metadata = {
    component: 'temporal-server',
    detail: entry.msg,
    error: entry.error ?? entry.Error,
  };
  if (entry.level === 'ERROR') {
    logger.error(metadata, 'Temporal dev server reported an error');
  } else if (entry.level === 'WARN') {
    logger.warn(metadata, 'Temporal dev server reported a warning');
  }
}
