import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { percentile } from './measure';

/** What one load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Options of `runLoad`. */
export interface LoadOptions {
  /** Full URL to GET. */
  url: string;
  headers?: Record<string, string>;
  /** Requests in flight at once, each on its own kept-alive connection. */
  connections: number;
  /** Milliseconds of measured load. */
  durationMs: number;
  /** Milliseconds of unmeasured load first, to warm JIT, pools and caches. */
  warmupMs: number;
}

function getOnce(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function worker(
  agent: Agent,
  options: LoadOptions,
  until: number,
  samples: number[] | undefined,
): Promise<number> {
  const url = new URL(options.url);
  let errors = 0;
  while (performance.now() < until) {
    const started = performance.now();
    const status = await getOnce(agent, url, options.headers ?? {});
    samples?.push(performance.now() - started);
    errors += status === 200 ? 0 : 1;
  }
  return errors;
}

/**
 * Drives GET `url` from `connections` concurrent loops over a keep-alive agent, first for
 * `warmupMs` unmeasured, then for `durationMs`; a bounded, closed-loop load like autocannon's.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  // Without noDelay, Nagle's algorithm meets delayed ACKs and every request waits ~40 ms.
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, noDelay: true });
  try {
    const loops = (until: number, samples?: number[]) =>
      Promise.all(
        Array.from({ length: options.connections }, () => worker(agent, options, until, samples)),
      );
    await loops(performance.now() + options.warmupMs);
    const samples: number[] = [];
    const started = performance.now();
    const errors = await loops(started + options.durationMs, samples);
    const elapsedMs = performance.now() - started;
    return {
      requestsPerSecond: (samples.length / elapsedMs) * 1000,
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      errors: errors.reduce((sum, count) => sum + count, 0),
    };
  } finally {
    agent.destroy();
  }
}

/**
 * Runs `runLoad` in a child process, so the load generator does not share the event loop, nor
 * the CPU time, of the server it measures: on one thread the client's own work would cap every
 * route at the same rate and hide the server's cost.
 */
export async function runLoadInChild(options: LoadOptions): Promise<LoadResult> {
  const entry = fileURLToPath(import.meta.url);
  const child = fork(entry, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [result] = (await once(child, 'message')) as [LoadResult];
  await once(child, 'exit');
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLoad(JSON.parse(process.argv[2] ?? '{}') as LoadOptions);
  process.send?.(result);
  process.disconnect?.();
}
