import { performance } from 'node:perf_hooks';

/** Milliseconds one call of `fn` takes. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * The fastest of `repeats` timed runs of each of `runs`, taken in turns (A, B, A, B, ...) so a
 * busy spell on the machine hits every method alike; `prepare` (untimed) runs before each run.
 */
export async function fastestMs<Name extends string>(
  repeats: number,
  prepare: () => Promise<unknown>,
  runs: Record<Name, () => Promise<unknown>>,
): Promise<Record<Name, number>> {
  const names = Object.keys(runs) as Name[];
  const fastest = Object.fromEntries(names.map((name) => [name, Number.POSITIVE_INFINITY]));
  for (let attempt = 0; attempt < repeats; attempt += 1) {
    for (const name of names) {
      await prepare();
      fastest[name] = Math.min(fastest[name] ?? Number.POSITIVE_INFINITY, await timeMs(runs[name]));
    }
  }
  return fastest as Record<Name, number>;
}

/** The `p`-th percentile (0-100) of `samples`, by the nearest-rank method. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Reads `--name value` from the command line as a positive integer. */
export function intArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}
