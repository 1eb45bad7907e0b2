import { notionRateLimit } from '../dev/notion-emulator/rate-limit';
import { SyncBenchError } from './errors';
import { writeBenchResult } from './report';
import { seedBenchAgents } from './sync-agents';
import { openScenario } from './sync-scenario';
import type { SyncStack } from './sync-stack';

/**
 * Measures a first push of `agents` agents under the emulator's Notion-like limit (3 requests/s
 * on average, bursts of 10) with the workers' limiter at the same 3/s: requests per second over
 * the run's wall time, start to result, against the limit. Writes
 * bench/results/sync-throughput.json.
 */
export async function runThroughputBench(stack: SyncStack, agents: number): Promise<string> {
  const limit = notionRateLimit.perSecond;
  const scenario = await openScenario(stack, {
    ratePerSecond: limit,
    emulatorLimit: notionRateLimit,
  });
  try {
    await seedBenchAgents(scenario.database.db, agents);
    await scenario.startWorkers(1);
    const run = await scenario.sync('push');
    if (run.result.failed > 0) {
      throw new SyncBenchError('The rate-limited push failed records', run.result);
    }
    const requestsPerSecond = run.requests / (run.wallMs / 1000);
    return await writeBenchResult({
      name: 'sync-throughput',
      unit: 'requests/s',
      figures: {
        requestsPerSecond,
        limit,
        requests: run.requests,
        pagesCreated: run.result.success,
        wallSeconds: run.wallMs / 1000,
        rateLimited429s: run.rateLimited,
      },
      candidate: 'requestsPerSecond',
      baseline: 'limit',
      checks: [
        { label: 'requests/s >= 0.9x the 3/s limit', isMet: requestsPerSecond >= 0.9 * limit },
        { label: 'zero 429s', isMet: run.rateLimited === 0 },
        { label: 'every agent got a page', isMet: run.result.success === agents },
      ],
      parameters: { agents, workerLimit: limit, emulatorBurst: notionRateLimit.burst },
    });
  } finally {
    await scenario.close();
    stack.emulator.control.setRateLimit(false);
  }
}
