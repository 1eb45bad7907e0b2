import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a started stack printed: its addresses and the demo login. */
export interface StackBanner {
  api: string;
  docs: string;
  temporalUi: string;
  temporalAddress: string;
  emulator: string;
  adminEmail: string;
  adminPassword: string;
}

/** `npm start` running as a child process in a process group of its own. */
export interface StackProcess {
  banner: StackBanner;
  /** Everything it printed so far. */
  output(): string;
  /**
   * Sends `signal` to the whole group, as a Ctrl-C in a terminal does, and resolves with npm's
   * exit code, or the name of the signal that ended it.
   */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const bannerLabels: Readonly<Record<string, keyof StackBanner>> = {
  API: 'api',
  'API docs': 'docs',
  'Temporal Web UI': 'temporalUi',
  'Temporal frontend': 'temporalAddress',
  'Notion emulator': 'emulator',
};

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `npm start` with `env` and resolves once it printed its banner; rejects if it exits first.
 */
export async function startStackProcess(env: NodeJS.ProcessEnv, timeoutMs = 110_000) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const banner = await waitForBanner(() => output, exited, timeoutMs).catch((error: unknown) => {
    killGroup(child, 'SIGKILL');
    throw error;
  });
  const stack: StackProcess = {
    banner,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return stack;
}

async function waitForBanner(
  output: () => string,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<StackBanner> {
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const banner = parseBanner(output());
    if (banner !== undefined) {
      return banner;
    }
    if (exitCode !== undefined) {
      throw new Error(`npm start exited with ${String(exitCode)}:\n${output().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`npm start printed no banner within ${timeoutMs} ms:\n${output().slice(-3000)}`);
}

/** The banner's values, once its last line (the demo login) has been printed. */
export function parseBanner(text: string): StackBanner | undefined {
  const values: Partial<StackBanner> = {};
  for (const match of text.matchAll(/^ {2}(\S.*?) {2,}(\S.*)$/gm)) {
    const [, label = '', value = ''] = match;
    const key = bannerLabels[label];
    if (key !== undefined) {
      values[key] = value;
    } else if (label === 'Demo admin') {
      const [email = '', password = ''] = value.split(' / ');
      Object.assign(values, { adminEmail: email, adminPassword: password });
    }
  }
  const isComplete = Object.values(bannerLabels).every((key) => values[key] !== undefined);
  return isComplete && values.adminPassword !== undefined ? (values as StackBanner) : undefined;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

/**
 * Kills a Temporal dev server that a stack in `dataDir` left behind because the test stopped it
 * the hard way; a stack stopped with SIGINT removes its pid file and leaves nothing.
 */
export async function killLeftoverServer(dataDir: string): Promise<void> {
  const pid = Number(
    (await readFile(join(dataDir, 'temporal.pid'), 'utf8').catch(() => '')).trim(),
  );
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // It had stopped already.
    }
  }
}
