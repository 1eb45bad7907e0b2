import type { EmulatorClock } from './clock';
import type { Json, JsonObject, WorkspaceRecord } from './model';
import type { EmulatorStore } from './store';

/** The Notion-Version values the emulator serves. */
export type ApiVersion = '2025-09-03' | '2026-03-11';

/** The versions accepted in the `Notion-Version` header. */
export const supportedVersions: readonly ApiVersion[] = ['2025-09-03', '2026-03-11'];

/** Everything a Notion endpoint handler sees of one authenticated request. */
export interface ApiContext {
  store: EmulatorStore;
  clock: EmulatorClock;
  workspace: WorkspaceRecord;
  version: ApiVersion;
  /** The user a write is attributed to: the integration's bot for API calls. */
  actorId: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: JsonObject;
  /** The emulator's origin, for URLs it hands out such as `next_url`. */
  origin: string;
}

/** A Notion endpoint: returns the JSON body of a 200 answer or throws `NotionApiError`. */
export type ApiHandler = (context: ApiContext) => Json;

/** Whether responses and requests still carry the `archived` alias of `in_trash`. */
export function hasArchivedAlias(context: Pick<ApiContext, 'version'>): boolean {
  return context.version === '2025-09-03';
}
