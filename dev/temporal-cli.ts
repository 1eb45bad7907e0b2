import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import { ecoBotCacheDir } from './cache-dir';
import { TemporalCliBuildError } from './errors';
import { executableAt, findOnPath } from './executable-lookup';
import { withFileLock } from './file-lock';
import { runTool } from './run-tool';

/** The CLI release `go install` builds: the newest one whose module `go install` accepts. */
export const temporalCliVersion = 'v1.5.1';

const temporalCliModule = 'github.com/temporalio/cli/cmd/temporal';
const progressIntervalMs = 30_000;

/** Options of {@link ensureTemporalCli}. */
export interface EnsureTemporalCliOptions {
  readonly logger: Logger;
  /**
   * The environment to read `PATH`, `TEMPORAL_CLI_PATH` and `XDG_CACHE_HOME` from;
   * default `process.env`.
   */
  readonly env?: Env;
}

/** Where a build of the CLI is kept between runs: `<cache>/bin/temporal`. */
export function cachedTemporalCliPath(env: Env = process.env): string {
  return join(ecoBotCacheDir(env), 'bin', 'temporal');
}

/**
 * Finds an existing `temporal` binary: on `PATH`, then at `TEMPORAL_CLI_PATH`, then in the cache.
 * Resolves to undefined when there is none; it never builds.
 */
export async function findTemporalCli(env: Env = process.env): Promise<string | undefined> {
  return (
    (await findOnPath('temporal', env.PATH)) ??
    (await executableAt(env.TEMPORAL_CLI_PATH)) ??
    (await executableAt(cachedTemporalCliPath(env)))
  );
}

/**
 * Finds the Temporal CLI or, when Go is on `PATH`, builds it into the cache (several minutes on a
 * fresh machine; concurrent callers wait on one build through a lock file). Resolves to undefined
 * when neither works, so the caller can let `@temporalio/testing` download the CLI instead.
 */
export async function ensureTemporalCli(
  options: EnsureTemporalCliOptions,
): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const found = await findTemporalCli(env);
  if (found !== undefined) {
    return found;
  }
  const go = await findOnPath('go', env.PATH);
  if (go === undefined) {
    options.logger.warn('Temporal CLI not found and Go is missing; falling back to a download');
    return undefined;
  }
  const target = cachedTemporalCliPath(env);
  return withFileLock(`${target}.lock`, async () => {
    return (
      (await executableAt(target)) ?? (await buildTemporalCli(go, target, env, options.logger))
    );
  });
}

async function buildTemporalCli(
  go: string,
  target: string,
  env: Env,
  logger: Logger,
): Promise<string> {
  // Go installs into a staging directory first so that an interrupted build never leaves a
  // half-written binary where findTemporalCli would pick it up.
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  logger.info({ version: temporalCliVersion, target }, 'Building the Temporal CLI with go install');

  const timer = setInterval(() => {
    logger.info({ elapsedSeconds: secondsSince(started) }, 'Still building the Temporal CLI');
  }, progressIntervalMs);
  try {
    await runGoInstall(go, { ...env, GOBIN: staging, CGO_ENABLED: '0' });
  } finally {
    clearInterval(timer);
  }

  await rename(join(staging, 'temporal'), target);
  await rm(staging, { recursive: true, force: true });
  logger.info({ target, elapsedSeconds: secondsSince(started) }, 'Built the Temporal CLI');
  return target;
}

async function runGoInstall(go: string, env: Env): Promise<void> {
  const run = await runTool(go, ['install', `${temporalCliModule}@${temporalCliVersion}`], env);
  if (run.exitCode !== 0) {
    throw new TemporalCliBuildError(run.exitCode, run.outputTail, { cause: run.spawnError });
  }
}

function secondsSince(startedMs: number): number {
  return Math.round((Date.now() - startedMs) / 1000);
}
