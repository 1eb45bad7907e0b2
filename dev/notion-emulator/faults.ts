import { codeForStatus, type NotionErrorCode } from './error-codes';

/** Which requests a fault applies to: a method and a path prefix or pattern (all by default). */
export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
}

/** A failure answered instead of the real response. */
export interface InjectedFailure {
  status: number;
  code: NotionErrorCode;
  message?: string;
  /**
   * Run the request first, so the write lands and only the answer is an error (a 504 after
   * commit).
   */
  isAppliedFirst?: boolean;
}

/** What the server does with one request after the faults have had their say. */
export interface FaultDecision {
  latencyMs: number;
  failure?: InjectedFailure;
  /** Never answer: the client sees a timeout, or waits forever. */
  isHung: boolean;
  /** Apply the request, then close the socket without answering. */
  isReplyDropped: boolean;
  faultIds: string[];
}

type FaultAction =
  | { kind: 'fail'; failure: InjectedFailure }
  | { kind: 'fail_share'; probability: number; statuses: readonly number[]; code?: NotionErrorCode }
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'drop_reply' };

interface FaultRule {
  id: string;
  match: FaultMatch;
  action: FaultAction;
  remaining: number;
}

/** Faults waiting to hit requests; rules are tried in the order they were added. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private random: () => number = seededRandom(1);
  private nextId = 1;

  add(action: FaultAction, match: FaultMatch, count = Number.POSITIVE_INFINITY): string {
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, match, action, remaining: count });
    return id;
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  remove(id: string): void {
    this.rules = this.rules.filter((rule) => rule.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.length;
  }

  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = {
      latencyMs: 0,
      isHung: false,
      isReplyDropped: false,
      faultIds: [],
    };
    for (const rule of [...this.rules]) {
      if (!matches(rule.match, method, path) || !this.apply(rule, decision)) {
        continue;
      }
      decision.faultIds.push(rule.id);
      rule.remaining -= 1;
      if (rule.remaining <= 0) {
        this.remove(rule.id);
      }
    }
    return decision;
  }

  private apply(rule: FaultRule, decision: FaultDecision): boolean {
    const { action } = rule;
    if (action.kind === 'latency') {
      decision.latencyMs += action.ms;
      return true;
    }
    if (decision.failure !== undefined || decision.isHung || decision.isReplyDropped) {
      return false;
    }
    switch (action.kind) {
      case 'fail':
        decision.failure = action.failure;
        return true;
      case 'fail_share':
        return this.applyShare(action, decision);
      case 'hang':
        decision.isHung = true;
        return true;
      case 'drop_reply':
        decision.isReplyDropped = true;
        return true;
    }
  }

  private applyShare(
    action: Extract<FaultAction, { kind: 'fail_share' }>,
    decision: FaultDecision,
  ): boolean {
    if (this.random() >= action.probability || action.statuses.length === 0) {
      return false;
    }
    const index = Math.floor(this.random() * action.statuses.length);
    const status = action.statuses[index] ?? 500;
    decision.failure = { status, code: action.code ?? codeForStatus(status) };
    return true;
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) {
    return false;
  }
  if (match.path === undefined) {
    return true;
  }
  return typeof match.path === 'string' ? path.startsWith(match.path) : match.path.test(path);
}

/** A small deterministic generator (mulberry32) so a seeded share of failures repeats exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
