import { spawn } from 'node:child_process';

import type { Env } from '../core/env';

/** How a tool run ended: its exit code (null when it could not start) and its last output. */
export interface ToolRun {
  readonly exitCode: number | null;
  /** The last 4,000 characters of stdout and stderr together, trimmed. */
  readonly outputTail: string;
  /** Why the process could not be started, when it could not. */
  readonly spawnError?: Error;
}

/** Runs `command` with `args` and `env` to completion, keeping only the end of what it prints. */
export function runTool(command: string, args: readonly string[], env: Env): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (spawnError) => {
      resolve({ exitCode: null, outputTail: output.trim(), spawnError });
    });
    child.on('close', (exitCode) => resolve({ exitCode, outputTail: output.trim() }));
  });
}
