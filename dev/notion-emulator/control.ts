import { createDatabase } from './databases';
import { demoProperties } from './demo-schema';
import type {
  DemoDatabase,
  DemoDatabaseOptions,
  EmulatorControl,
  HumanEdit,
  WorkspaceHandle,
} from './control-api';
import { codeForStatus } from './error-codes';
import type { EmulatorState } from './emulator-state';
import { EmulatorControlError } from './errors';
import { normalizeId } from './ids';
import type { JsonObject, WorkspaceRecord } from './model';
import { createPage, getPage, updatePage } from './pages';
import { patchSchema } from './schema-edit';
import { isObject, textOf } from './validation';

export type {
  DemoDatabase,
  DemoDatabaseOptions,
  EmulatorControl,
  FailNextOptions,
  FailShareOptions,
  HumanEdit,
  WorkspaceHandle,
} from './control-api';

/** The control surface over one emulator's state. */
export function createControl(state: EmulatorState): EmulatorControl {
  return {
    createWorkspace: (options) =>
      handleOf(state.store.createWorkspace(options?.name ?? 'Eco-Bot', state.clock.now())),
    createDemoDatabase: (token, options) => createDemo(state, token, options),
    editPageAsHuman: (pageId, edit) => editAsHuman(state, pageId, edit),
    seedPages: (dataSourceId, rows) => seedPages(state, dataSourceId, rows),
    now: () => new Date(state.clock.now()),
    advanceClock: (ms) => state.clock.advance(ms),
    setClock: (at, options) => state.clock.set(new Date(at).getTime(), options?.isFrozen ?? true),
    failNext: ({ status, code, message, count, isAppliedFirst, ...match }) => {
      const failure = { status, code: code ?? codeForStatus(status), message, isAppliedFirst };
      return state.faults.add({ kind: 'fail', failure }, match, count ?? 1);
    },
    failShare: ({ probability, statuses, code, seed, ...match }) => {
      state.faults.reseed(seed ?? 1);
      return state.faults.add({ kind: 'fail_share', probability, statuses, code }, match);
    },
    addLatency: ({ ms, count, ...match }) =>
      state.faults.add({ kind: 'latency', ms }, match, count),
    hangNext: ({ count, ...match } = {}) => state.faults.add({ kind: 'hang' }, match, count ?? 1),
    dropReplyNext: ({ count, ...match } = {}) =>
      state.faults.add({ kind: 'drop_reply' }, match, count ?? 1),
    removeFault: (id) => state.faults.remove(id),
    clearFaults: () => state.faults.clear(),
    setRateLimit: (setting) => state.limiter.configure(setting),
    rateLimit: () => state.limiter.current(),
    requestLog: () => state.log.list(),
    routeCounts: () => state.log.countsByRoute(),
    statusCounts: () => state.log.countsByStatus(),
    clearRequestLog: () => state.log.clear(),
    reset: () => {
      state.store.clear();
      state.faults.clear();
      state.log.clear();
      state.clock.resetToSource();
      state.limiter.configure(state.limiter.current());
    },
  };
}

function handleOf(workspace: WorkspaceRecord): WorkspaceHandle {
  const { id, name, token, parentPageId, botUserId, personUserId } = workspace;
  return { workspaceId: id, name, token, parentPageId, botUserId, personUserId };
}

function createDemo(
  state: EmulatorState,
  token: string,
  options: DemoDatabaseOptions = {},
): DemoDatabase {
  const workspace = state.store.workspaceForToken(token);
  if (workspace === undefined) {
    throw new EmulatorControlError('No workspace has this token.', 'token');
  }
  const title = [{ text: { content: options.title ?? 'Eco-Bot Agents' } }];
  const body = {
    parent: { type: 'page_id', page_id: workspace.parentPageId },
    title,
    initial_data_source: { properties: options.properties ?? demoProperties },
  };
  const context = state.contextFor(workspace, workspace.personUserId, body);
  const database = createDatabase(context);
  const databaseId = isObject(database) ? textOf(database.id) : '';
  const record = state.store.find(databaseId, workspace.id);
  const dataSourceId = record?.kind === 'database' ? (record.dataSourceIds[0] ?? '') : '';
  const dataSource = state.store.find(dataSourceId, workspace.id);
  if (
    (options.withSelfRelation ?? options.properties === undefined) &&
    dataSource?.kind === 'data_source'
  ) {
    const relation = {
      relation: { data_source_id: dataSourceId, type: 'single_property', single_property: {} },
    };
    patchSchema(dataSource, { Related: relation }, context);
  }
  return { databaseId, dataSourceId };
}

function editAsHuman(state: EmulatorState, rawPageId: string, edit: HumanEdit): JsonObject {
  const pageId = normalizeId(rawPageId);
  const record = pageId === undefined ? undefined : state.store.lookup(pageId);
  const workspace =
    record === undefined ? undefined : state.store.workspaces.get(record.workspaceId);
  if (record?.kind !== 'page' || workspace === undefined) {
    throw new EmulatorControlError(`No page has the id ${rawPageId}.`, 'pageId');
  }
  const body: JsonObject = {};
  if (edit.properties !== undefined) {
    body.properties = edit.properties;
  }
  if (edit.inTrash !== undefined) {
    body.in_trash = edit.inTrash;
  }
  const context = state.contextFor(workspace, workspace.personUserId, body, { page_id: record.id });
  const page = updatePage(context);
  return isObject(page) ? page : (getPage(context) as JsonObject);
}

function seedPages(state: EmulatorState, rawId: string, rows: readonly JsonObject[]): string[] {
  const id = normalizeId(rawId);
  const record = id === undefined ? undefined : state.store.lookup(id);
  const workspace =
    record === undefined ? undefined : state.store.workspaces.get(record.workspaceId);
  if (record?.kind !== 'data_source' || workspace === undefined) {
    throw new EmulatorControlError(`No data source has the id ${rawId}.`, 'dataSourceId');
  }
  return rows.map((properties) => {
    const body = { parent: { data_source_id: record.id }, properties };
    const page = createPage(state.contextFor(workspace, workspace.botUserId, body));
    return isObject(page) ? textOf(page.id) : '';
  });
}
