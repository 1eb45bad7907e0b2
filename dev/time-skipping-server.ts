import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Env } from '../core/env';
import type { Logger } from '../core/logger';
import { ecoBotCacheDir } from './cache-dir';
import { createClassDataArchive, mainClass } from './class-data-archive';
import { TimeSkippingServerError } from './errors';
import { executableAt, findOnPath } from './executable-lookup';
import { withFileLock } from './file-lock';
import { runTool } from './run-tool';

/** The `io.temporal:temporal-test-server` release resolved from Maven Central. */
export const timeSkippingServerVersion = '1.31.0';

const slf4jNopVersion = '2.0.17';

/** Options of {@link ensureTimeSkippingServer}. */
export interface EnsureTimeSkippingServerOptions {
  readonly logger: Logger;
  /** The environment to read `PATH` and `XDG_CACHE_HOME` from; default `process.env`. */
  readonly env?: Env;
}

/** The cache directory that holds the pom, the resolved classpath and the launcher script. */
export function timeSkippingServerDir(env: Env = process.env): string {
  return join(ecoBotCacheDir(env), 'time-skipping-server', timeSkippingServerVersion);
}

/**
 * Resolves Temporal's time-skipping test server (a Java program) through Maven and returns the
 * path of a launcher script that `TestWorkflowEnvironment.createTimeSkipping` runs as an
 * `existing-path` executable. Needs `java` and `mvn` on `PATH` the first time, which also records
 * a class-data archive to speed up the JVM's start; later calls only check that the cached jars
 * are still there, which takes milliseconds.
 */
export async function ensureTimeSkippingServer(
  options: EnsureTimeSkippingServerOptions,
): Promise<string> {
  const env = options.env ?? process.env;
  const dir = timeSkippingServerDir(env);
  const launcher = join(dir, 'temporal-test-server');
  if (await isUsable(dir, launcher)) {
    return launcher;
  }
  return withFileLock(`${dir}.lock`, async () => {
    if (!(await isUsable(dir, launcher))) {
      await resolveWithMaven(dir, launcher, env, options.logger);
    }
    return launcher;
  });
}

async function isUsable(dir: string, launcher: string): Promise<boolean> {
  if ((await executableAt(launcher)) === undefined) {
    return false;
  }
  const classpath = await readFile(join(dir, 'classpath.txt'), 'utf8').catch(() => '');
  const jars = classpath.trim().split(':').filter(Boolean);
  const present = await Promise.all(jars.map((jar) => isFile(jar)));
  return jars.length > 0 && present.every(Boolean);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

async function resolveWithMaven(
  dir: string,
  launcher: string,
  env: Env,
  logger: Logger,
): Promise<void> {
  const mvn = await findOnPath('mvn', env.PATH);
  if (mvn === undefined) {
    throw new TimeSkippingServerError('Maven (mvn) is not on PATH', '');
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), pomXml());
  logger.info({ version: timeSkippingServerVersion, dir }, 'Resolving the time-skipping server');

  const args = ['-B', '-q', '-f', join(dir, 'pom.xml'), 'dependency:build-classpath'];
  await runMaven(mvn, [...args, `-Dmdep.outputFile=${join(dir, 'classpath.txt')}`], env);
  const classpath = (await readFile(join(dir, 'classpath.txt'), 'utf8')).trim();
  await writeLauncher(dir, launcher, classpath);
  logger.info({ launcher }, 'Resolved the time-skipping server');
}

async function writeLauncher(dir: string, launcher: string, classpath: string): Promise<void> {
  const archive = join(dir, 'classes.jsa');
  await createClassDataArchive(classpath, archive);
  const script = launcherScript(classpath, (await isFile(archive)) ? archive : undefined);
  await writeFile(launcher, script, { mode: 0o755 });
}

async function runMaven(mvn: string, args: string[], env: Env): Promise<void> {
  const run = await runTool(mvn, args, env);
  if (run.exitCode !== 0) {
    const message = `Maven exited with code ${String(run.exitCode)}`;
    throw new TimeSkippingServerError(message, run.outputTail, { cause: run.spawnError });
  }
}

function pomXml(): string {
  const dependency = (group: string, artifact: string, version: string): string =>
    `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId>` +
    `<version>${version}</version></dependency>`;
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.eco-bot</groupId>',
    '  <artifactId>time-skipping-server</artifactId>',
    `  <version>${timeSkippingServerVersion}</version>`,
    '  <dependencies>',
    dependency('io.temporal', 'temporal-test-server', timeSkippingServerVersion),
    dependency('org.slf4j', 'slf4j-nop', slf4jNopVersion),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

// C1-only compilation and the serial collector start the JVM fastest; the SDK allows 5 s.
function launcherScript(classpath: string, archive: string | undefined): string {
  const options = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
  if (archive !== undefined) {
    options.push(`-XX:SharedArchiveFile=${shellQuote(archive)}`);
  }
  const command = ['exec java', ...options, '-cp', shellQuote(classpath), mainClass, '"$@"'];
  return `#!/bin/sh\n${command.join(' ')}\n`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
