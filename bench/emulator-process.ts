import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { ServerProcessError } from './errors';

const emulatorMain = fileURLToPath(new URL('../dev/notion-emulator/main.ts', import.meta.url));

/** The Notion emulator's entry script, run in a child process with tsx. */
export const emulatorArgs: readonly string[] = ['--import', 'tsx', emulatorMain];

/** Milliseconds a server process may take to announce itself (tsx compiles it first). */
const startupTimeoutMs = 60_000;

/** A child process serving Notion's API, and the `NOTION_*` variables it announced. */
export interface ServerProcess {
  /** The `NOTION_*` variables (base URL, API key, data source id) as the process printed. */
  env: Record<string, string>;
  baseUrl: string;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * Starts `node <args>` on a free port (`NOTION_EMULATOR_PORT=0`) and waits until it has printed
 * its `NOTION_*` variables, `NOTION_DATA_SOURCE_ID` last, as the emulator's entry script does.
 * Throws `ServerProcessError` when the process cannot start, ends or stays silent first.
 */
export async function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NOTION_EMULATOR_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    // A process that never started (no pid) emits no exit.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const env = await withTimeout(announcedEnv(child, args, exited), startupTimeoutMs, args);
    // The variables are read; what the process prints later must not fill the pipe.
    child.stdout?.resume();
    return { env, baseUrl: env.NOTION_BASE_URL ?? '', pid: child.pid, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `measure` against a server process started from `args`, and stops the process after. */
export async function withServerProcess<T>(
  args: readonly string[],
  measure: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess(args);
  try {
    return await measure(server);
  } finally {
    await server.close();
  }
}

async function announcedEnv(
  child: ChildProcess,
  args: readonly string[],
  exited: Promise<void>,
): Promise<Record<string, string>> {
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) => {
      reject(new ServerProcessError(`node ${args.join(' ')} could not start`, { cause: error }));
    });
  });
  const env: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const read = (async () => {
    for await (const line of lines) {
      const [key, ...rest] = line.split('=');
      if (key !== undefined && key.startsWith('NOTION_') && rest.length > 0) {
        env[key] = rest.join('=');
      }
      if (key === 'NOTION_DATA_SOURCE_ID') {
        break;
      }
    }
    if (env.NOTION_BASE_URL === undefined || env.NOTION_DATA_SOURCE_ID === undefined) {
      // Its output ends a moment before the exit, whose status says why.
      await Promise.race([exited, sleep(1_000)]);
      const status = child.exitCode ?? child.signalCode ?? 'still running';
      throw new ServerProcessError(
        `node ${args.join(' ')} ended its output (exit: ${status}) before printing ` +
          'NOTION_BASE_URL and NOTION_DATA_SOURCE_ID',
      );
    }
    return env;
  })();
  return Promise.race([read, failed]);
}

async function withTimeout<T>(work: Promise<T>, ms: number, args: readonly string[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new ServerProcessError(`node ${args.join(' ')} printed nothing usable in ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
