import type { ServerResponse } from 'node:http';

import { EmulatorClock, type ClockSource } from './clock';
import type { ApiContext, ApiVersion } from './context';
import { FaultInjector } from './faults';
import type { JsonObject, WorkspaceRecord } from './model';
import { RateLimiter, type RateLimitSetting } from './rate-limit';
import { RequestLog } from './request-log';
import { EmulatorStore } from './store';

/** Everything one emulator instance holds: data, clock, limiter, faults and the request log. */
export class EmulatorState {
  readonly store = new EmulatorStore();
  readonly clock: EmulatorClock;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  /** Answers held back by a hang fault; closed when the emulator stops. */
  readonly hung = new Set<ServerResponse>();
  origin = 'http://127.0.0.1';

  constructor(rateLimit: RateLimitSetting | false, clockSource?: ClockSource) {
    this.clock = new EmulatorClock(clockSource);
    this.limiter = new RateLimiter(rateLimit);
  }

  /** A handler context for a call made outside HTTP, such as a control-surface edit. */
  contextFor(
    workspace: WorkspaceRecord,
    actorId: string,
    body: JsonObject,
    params: Record<string, string> = {},
    version: ApiVersion = '2025-09-03',
  ): ApiContext {
    return {
      store: this.store,
      clock: this.clock,
      workspace,
      version,
      actorId,
      params,
      query: new URLSearchParams(),
      body,
      origin: this.origin,
    };
  }
}
