/** What dev/sync-worker-process.ts needs to run a worker. */
export interface WorkerProcessSettings {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  notionBaseUrl: string;
  notionToken: string;
  dataSourceId: string;
  /** A workflow bundle written by `bundleWorkflowCode`; default: bundle at start (seconds). */
  workflowBundlePath?: string;
  /** Milliseconds a `stop` waits for the batches in flight. Default 5000. */
  shutdownGraceMs?: number;
  /** See `SyncWorkerOptions.stickyQueueTimeoutMs`. */
  stickyQueueTimeoutMs?: number;
}

/** What the worker process reports to its parent. */
export type WorkerProcessMessage = { kind: 'ready' } | { kind: 'rss'; rss: number };
