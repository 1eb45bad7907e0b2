import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { ServerProcessError } from './errors';

const emulatorMain = fileURLToPath(new URL('../dev/notion-emulator/main.ts', import.meta.url));

/** The Notion emulator's entry script, run in a child process with tsx. */
export const emulatorArgs: readonly string[] = ['--import', 'tsx', emulatorMain];

/** A child process serving Notion's API, and the `NOTION_*` variables it announced. */
export interface ServerProcess {
  /** `NOTION_BASE_URL`, `NOTION_API_KEY`, `NOTION_DATA_SOURCE_ID`… as the process printed them. */
  env: Record<string, string>;
  baseUrl: string;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * Starts `node <args>` on a free port (`NOTION_EMULATOR_PORT=0`) and waits until it has printed
 * its `NOTION_*` variables, `NOTION_DATA_SOURCE_ID` last, as the emulator's entry script does.
 */
export async function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NOTION_EMULATOR_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  };
  try {
    const env = await announcedEnv(child);
    const baseUrl = env.NOTION_BASE_URL;
    if (baseUrl === undefined) {
      throw new ServerProcessError(`${args.join(' ')} ended without printing NOTION_BASE_URL`);
    }
    return { env, baseUrl, pid: child.pid, close };
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

async function announcedEnv(child: ChildProcess): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  for await (const line of lines) {
    const [key, ...rest] = line.split('=');
    if (key !== undefined && key.startsWith('NOTION_') && rest.length > 0) {
      env[key] = rest.join('=');
    }
    if (key === 'NOTION_DATA_SOURCE_ID') {
      break;
    }
  }
  return env;
}
