import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cachedTemporalCliPath, ensureTemporalCli, findTemporalCli } from './temporal-cli';

const silent = pino({ level: 'silent' });

async function writeExecutable(path: string, body = 'exit 0'): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('finding and building the Temporal CLI', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'eco-cli-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prefers PATH, then TEMPORAL_CLI_PATH, then the cache', async () => {
    const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: join(root, 'path-bin') };
    const cached = await writeExecutable(cachedTemporalCliPath(env));
    expect(await findTemporalCli(env)).toBe(cached);

    const explicit = await writeExecutable(join(root, 'explicit', 'temporal'));
    expect(await findTemporalCli({ ...env, TEMPORAL_CLI_PATH: explicit })).toBe(explicit);

    const onPath = await writeExecutable(join(root, 'path-bin', 'temporal'));
    expect(await findTemporalCli({ ...env, TEMPORAL_CLI_PATH: explicit })).toBe(onPath);
  });

  it('ignores files that are not executable', async () => {
    const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: '' };
    await mkdir(join(root, 'cache', 'eco-bot', 'bin'), { recursive: true });
    await writeFile(cachedTemporalCliPath(env), 'not a program');

    expect(await findTemporalCli(env)).toBeUndefined();
  });

  it('resolves to undefined without a binary or Go, leaving the download to the SDK', async () => {
    const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: join(root, 'empty') };

    expect(await ensureTemporalCli({ logger: silent, env })).toBeUndefined();
  });

  // `go` here is a stand-in script that records each call and installs a fake binary into GOBIN:
  // the real six-minute build is exercised by .ci/run on a fresh machine.
  it('builds once into the cache when two callers ask at the same time', async () => {
    const calls = join(root, 'go-calls.log');
    const goBin = join(root, 'go-bin');
    await writeExecutable(
      join(goBin, 'go'),
      `echo "$*" >> '${calls}'\nsleep 1\n` +
        `printf '#!/bin/sh\\n' > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"`,
    );
    const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: `${goBin}:/usr/bin:/bin` };

    const paths = await Promise.all([
      ensureTemporalCli({ logger: silent, env }),
      ensureTemporalCli({ logger: silent, env }),
    ]);

    expect(paths).toEqual([cachedTemporalCliPath(env), cachedTemporalCliPath(env)]);
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual([
      'install github.com/temporalio/cli/cmd/temporal@v1.5.1',
    ]);
  });

  it('reports the output of a failed build', async () => {
    const goBin = join(root, 'go-bin');
    await writeExecutable(join(goBin, 'go'), 'echo "module lookup disabled" >&2\nexit 1');
    const env = { XDG_CACHE_HOME: join(root, 'cache'), PATH: `${goBin}:/usr/bin:/bin` };

    await expect(ensureTemporalCli({ logger: silent, env })).rejects.toThrow(
      /exit code 1\): module lookup disabled/,
    );
    expect(await findTemporalCli(env)).toBeUndefined();
  });
});
