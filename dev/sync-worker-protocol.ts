/** What bench/sync-worker-process.ts needs to run a worker. */
export interface WorkerProcessSettings {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  notionBaseUrl: string;
  notionToken: string;
  dataSourceId: string;
}

/** What the worker process reports to the benchmark. */
export type WorkerProcessMessage = { kind: 'ready' } | { kind: 'rss'; rss: number };
