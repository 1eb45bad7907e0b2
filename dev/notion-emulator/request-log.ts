/** How a request ended. */
export type RequestOutcome = 'answered' | 'reply_dropped' | 'hung';

/** One request the emulator saw on the Notion API. */
export interface RequestLogEntry {
  requestId: string;
  method: string;
  path: string;
  /** The route template, such as `PATCH /v1/pages/:page_id`, or `unmatched`. */
  route: string;
  status: number;
  code?: string;
  outcome: RequestOutcome;
  receivedAt: string;
  /**
   * When it arrived, in epoch milliseconds with sub-millisecond precision: `durationMs`'s clock.
   */
  startedAtMs: number;
  durationMs: number;
  faultIds: string[];
}

const maxEntries = 50_000;

/** The emulator's request log and per-route counters; the log keeps the latest 50,000 entries. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly counts = new Map<string, number>();
  private readonly statusCounts = new Map<number, number>();

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > maxEntries) {
      this.entries = this.entries.slice(-maxEntries / 2);
    }
    this.counts.set(entry.route, (this.counts.get(entry.route) ?? 0) + 1);
    this.statusCounts.set(entry.status, (this.statusCounts.get(entry.status) ?? 0) + 1);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  countsByRoute(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  countsByStatus(): Record<string, number> {
    return Object.fromEntries(this.statusCounts);
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) {
      sum += count;
    }
    return sum;
  }

  clear(): void {
    this.entries = [];
    this.counts.clear();
    this.statusCounts.clear();
  }
}
