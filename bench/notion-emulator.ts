import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { Client, LogLevel } from '@notionhq/client';

import { emulatorArgs, withServerProcess } from './emulator-process';
import { markdownHeader, writeBenchResult } from './report';

/** Options of `runEmulatorBench`. */
export interface EmulatorBenchOptions {
  /** A short run (2,000 creates, 200 queries) for CI; default false (10,000 and 1,000). */
  quick?: boolean;
  /** Requests in flight at once; default 16. */
  concurrency?: number;
}

// The baseline: a bare node:http server that parses the JSON body and echoes it, so the figure
// shows what the same client and machine manage when the server does no work at all.
const echoServer = `
const http = require('node:http');
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    JSON.parse(body || '{}');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'page', echo: body }));
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log('NOTION_BASE_URL=http://127.0.0.1:' + server.address().port);
  console.log('NOTION_DATA_SOURCE_ID=none');
});
`;

/**
 * Measures the Notion emulator's own throughput with its rate limit off: page creates/s and
 * data-source queries/s (100 rows a page over the created rows), driven by `@notionhq/client`
 * from this process against the emulator in a child process, so the two do not share a thread.
 * Writes bench/results/notion-emulator.json and returns its Markdown row.
 */
export async function runEmulatorBench(options: EmulatorBenchOptions = {}): Promise<string> {
  const creates = options.quick === true ? 2_000 : 10_000;
  const queries = options.quick === true ? 200 : 1_000;
  const concurrency = options.concurrency ?? 16;
  const echoRate = await withServerProcess(['-e', echoServer], ({ env }) =>
    ratePerSecond(creates, concurrency, (i) =>
      clientFor(env).request({ path: 'pages', method: 'post', body: createBody('none', i) }),
    ),
  );
  const emulator = await withServerProcess(emulatorArgs, ({ env, pid }) =>
    measureEmulator(env, pid, { creates, queries, concurrency }),
  );
  const { createRate, queryRate, createCpuRate, queryCpuRate } = emulator;
  return writeBenchResult({
    name: 'notion-emulator',
    unit: 'requests/s',
    figures: {
      pageCreates: createRate,
      queries: queryRate,
      bareHttpEcho: echoRate,
      pageCreatesPerEmulatorCpuSecond: createCpuRate,
      queriesPerEmulatorCpuSecond: queryCpuRate,
    },
    candidate: 'pageCreates',
    baseline: 'bareHttpEcho',
    checks: [
      { label: 'pageCreates >= 0.5x bareHttpEcho', isMet: createRate >= echoRate / 2 },
      {
        label: 'pageCreatesPerEmulatorCpuSecond >= 1,000',
        isMet: createCpuRate >= 1_000,
      },
      { label: 'queriesPerEmulatorCpuSecond >= 100', isMet: queryCpuRate >= 100 },
    ],
    parameters: { creates, queries, concurrency, rowsQueried: creates, notionRateLimit: 3 },
  });
}

interface EmulatorRates {
  createRate: number;
  queryRate: number;
  /** Requests per second of CPU time the emulator process spent: its cost, whatever the load. */
  createCpuRate: number;
  queryCpuRate: number;
}

async function measureEmulator(
  env: Record<string, string>,
  pid: number | undefined,
  sizes: { creates: number; queries: number; concurrency: number },
): Promise<EmulatorRates> {
  const baseUrl = env.NOTION_BASE_URL ?? '';
  await fetch(`${baseUrl}/__emulator/rate-limit`, { method: 'PUT', body: '{"enabled":false}' });
  const notion = clientFor(env);
  const dataSourceId = env.NOTION_DATA_SOURCE_ID ?? '';
  const cpuBefore = await cpuSeconds(pid);
  const createRate = await ratePerSecond(sizes.creates, sizes.concurrency, (i) =>
    notion.request({ path: 'pages', method: 'post', body: createBody(dataSourceId, i) }),
  );
  const cpuAfterCreates = await cpuSeconds(pid);
  const queryRate = await ratePerSecond(sizes.queries, sizes.concurrency, (i) =>
    notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: {
        property: 'Version',
        number: { greater_than_or_equal_to: (i * 7) % sizes.creates },
      },
      sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
      page_size: 100,
    }),
  );
  const cpuAfterQueries = await cpuSeconds(pid);
  return {
    createRate,
    queryRate,
    createCpuRate: sizes.creates / (cpuAfterCreates - cpuBefore),
    queryCpuRate: sizes.queries / (cpuAfterQueries - cpuAfterCreates),
  };
}

/** CPU seconds (user + system) a process has used, from /proc; NaN where there is no /proc. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the file, in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function clientFor(env: Record<string, string>): Client {
  return new Client({
    auth: env.NOTION_API_KEY ?? 'none',
    baseUrl: env.NOTION_BASE_URL,
    retry: false,
    logLevel: LogLevel.ERROR,
  });
}

function createBody(dataSourceId: string, i: number): Record<string, unknown> {
  return {
    parent: { data_source_id: dataSourceId },
    properties: {
      Name: { title: [{ text: { content: `Agent ${i}` } }] },
      'Local ID': { rich_text: [{ text: { content: `local-${i}` } }] },
      Version: { number: i },
      Role: { select: { name: i % 2 === 0 ? 'recycling_expert' : 'energy_advisor' } },
    },
  };
}

async function ratePerSecond(
  total: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    while (next < total) {
      const index = next;
      next += 1;
      await call(index);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => lane()));
  return total / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const row = await runEmulatorBench({ quick: process.argv.includes('--quick') });
  console.log([markdownHeader, row].join('\n'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
