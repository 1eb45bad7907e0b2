import { pathToFileURL } from 'node:url';

import { Client, LogLevel } from '@notionhq/client';
import { pino } from 'pino';

import { startNotionEmulator, type NotionEmulator } from '../dev/notion-emulator/server';
import { notionRateLimit } from '../dev/notion-emulator/rate-limit';
import type { PageUpdate } from '../notion/batch-update';
import { createNotionIntegration } from '../notion/client';
import { createRateLimiter } from '../notion/rate-limiter';
import { markdownHeader, writeBenchResult } from './report';

/** Options of `runLimiterBench`. */
export interface LimiterBenchOptions {
  /** A short run (45 updates, about 15 s) for CI; default false (300 updates, about 100 s). */
  quick?: boolean;
  /** Updates in flight at once; the limiter sets the pace. Default 8. */
  concurrency?: number;
}

/**
 * Measures the requests per second the limiter sustains against the emulator's Notion-like limit
 * (3/s on average, bursts of 10) with page updates through the integration, and counts the 429s
 * the same updates get without a limiter. Writes bench/results/notion-limiter.json and returns its
 * Markdown row.
 */
export async function runLimiterBench(options: LimiterBenchOptions = {}): Promise<string> {
  const total = options.quick === true ? 45 : 300;
  const concurrency = options.concurrency ?? 8;
  const emulator = await startNotionEmulator({ rateLimit: notionRateLimit });
  try {
    const { token, updates } = prepare(emulator, total);
    const unlimited429s = await bareBurst(emulator, token, updates, concurrency);
    emulator.control.setRateLimit(notionRateLimit);
    emulator.control.clearRequestLog();
    const limited = await limitedRun(emulator, token, updates, concurrency);
    return await report({ ...limited, unlimited429s, total, concurrency });
  } finally {
    await emulator.close();
  }
}

function prepare(emulator: NotionEmulator, total: number) {
  const workspace = emulator.control.createWorkspace({ name: 'Limiter bench' });
  const demo = emulator.control.createDemoDatabase(workspace.token);
  const rows = Array.from({ length: total }, (_, i) => ({
    Name: { title: [{ text: { content: `Agent ${i}` } }] },
  }));
  const ids = emulator.control.seedPages(demo.dataSourceId, rows);
  const updates: PageUpdate[] = ids.map((pageId, i) => ({
    pageId,
    properties: { Version: { number: i } },
  }));
  return { token: workspace.token, updates };
}

/** The same updates straight through `@notionhq/client`, no limiter and no retries. */
async function bareBurst(
  emulator: NotionEmulator,
  token: string,
  updates: readonly PageUpdate[],
  concurrency: number,
): Promise<number> {
  const client = new Client({
    auth: token,
    baseUrl: emulator.baseUrl,
    retry: false,
    logLevel: LogLevel.ERROR,
    logger: () => undefined,
  });
  let next = 0;
  async function lane(): Promise<void> {
    while (next < updates.length) {
      const update = updates[next];
      next += 1;
      await client.pages
        .update({ page_id: update?.pageId ?? '', properties: update?.properties })
        .catch(() => undefined);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return emulator.control.statusCounts()['429'] ?? 0;
}

async function limitedRun(
  emulator: NotionEmulator,
  token: string,
  updates: readonly PageUpdate[],
  concurrency: number,
) {
  const limiter = createRateLimiter({ ratePerSecond: notionRateLimit.perSecond });
  const notion = createNotionIntegration({
    apiKey: token,
    baseUrl: emulator.baseUrl,
    logger: pino({ level: 'silent' }),
    limiter,
  });
  const started = performance.now();
  const results = await notion.batchUpdatePages(updates, { concurrency });
  const wallSeconds = (performance.now() - started) / 1000;
  const received = emulator.control.requestLog().map((entry) => Date.parse(entry.receivedAt));
  return {
    sustained: steadyRate(received, Math.floor(notionRateLimit.perSecond)),
    overall: updates.length / wallSeconds,
    failed: results.filter((result) => !result.ok).length,
    limited429s: emulator.control.statusCounts()['429'] ?? 0,
  };
}

/** Requests per second after the opening burst: intervals between arrivals, burst excluded. */
function steadyRate(receivedAt: readonly number[], burst: number): number {
  const steady = [...receivedAt].sort((a, b) => a - b).slice(burst - 1);
  const first = steady[0] ?? 0;
  const last = steady.at(-1) ?? 0;
  return (steady.length - 1) / ((last - first) / 1000);
}

interface LimiterFigures {
  sustained: number;
  overall: number;
  failed: number;
  limited429s: number;
  unlimited429s: number;
  total: number;
  concurrency: number;
}

function report(figures: LimiterFigures): Promise<string> {
  const limit = notionRateLimit.perSecond;
  return writeBenchResult({
    name: 'notion-limiter',
    unit: 'requests/s',
    figures: {
      limiterSustained: figures.sustained,
      limiterOverall: figures.overall,
      emulatorLimit: limit,
      limited429s: figures.limited429s,
      unlimited429s: figures.unlimited429s,
      failedUpdates: figures.failed,
    },
    candidate: 'limiterSustained',
    baseline: 'emulatorLimit',
    checks: [
      {
        label: 'limiterSustained >= 0.95x the 3/s limit',
        isMet: figures.sustained >= 0.95 * limit,
      },
      { label: 'limiterSustained <= the 3/s limit', isMet: figures.sustained <= limit * 1.01 },
      { label: 'zero 429s through the limiter', isMet: figures.limited429s === 0 },
      { label: 'the bare burst gets 429s', isMet: figures.unlimited429s > 0 },
    ],
    parameters: {
      updates: figures.total,
      concurrency: figures.concurrency,
      limiterRate: limit,
      limiterBurst: Math.floor(limit),
      emulatorBurst: notionRateLimit.burst,
    },
  });
}

async function main(): Promise<void> {
  const row = await runLimiterBench({ quick: process.argv.includes('--quick') });
  console.log([markdownHeader, row].join('\n'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
