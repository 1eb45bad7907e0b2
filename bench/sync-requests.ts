import type { EmulatorControl } from '../dev/notion-emulator/control';
import { SyncBenchError } from './errors';
import { runNaiveCycle } from './naive-sync';
import { changeAgents, linkedPageIds, seedBenchAgents } from './sync-agents';
import { reportCase, reportNaive, type Case, type CaseRuns } from './sync-requests-report';
import { openScenario, type MeasuredRun, type SyncScenario } from './sync-scenario';
import type { SyncStack } from './sync-stack';

const cases: readonly Case[] = [
  { name: 'sync-requests-db-1pct', side: 'database', share: 0.01 },
  { name: 'sync-requests-db-10pct', side: 'database', share: 0.1 },
  { name: 'sync-requests-db-100pct', side: 'database', share: 1, isEchoMeasured: true },
  { name: 'sync-requests-notion-1pct', side: 'notion', share: 0.01 },
  { name: 'sync-requests-notion-10pct', side: 'notion', share: 0.1 },
  { name: 'sync-requests-notion-100pct', side: 'notion', share: 1 },
];

const hourMs = 3_600_000;

/**
 * Measures the Notion requests of incremental `both` runs over `agents` linked agents, with 1%,
 * 10% and 100% of them changed in the database and the same shares changed in Notion, against
 * the floor (one write per record changed in the database, and the query pages that list the
 * pages changed in Notion, at least one); for 100%, also what the next run spends reading those
 * writes back. Then one cycle of the naive loop over the same rows. Writes one result per case
 * and naive-sync.json. Rows changed within the overlap window of an earlier case are read again
 * by the local scan: that costs time, never a request.
 */
export async function runRequestBench(stack: SyncStack, agents: number): Promise<string[]> {
  const scenario = await openScenario(stack);
  const control = stack.emulator.control;
  try {
    await scenario.startWorkers(1);
    // Writes stamped an hour back fall outside every later run's window, as writes of runs long
    // past would; each case then costs what its own changes cost.
    control.setClock(Date.now() - hourMs, { isFrozen: false });
    const ids = await linkAgents(scenario, agents);
    const measured = await measureCases(scenario, control, ids);
    const rows: string[] = [];
    const perCycle: Record<string, number> = {};
    for (const [entry, runs] of measured) {
      perCycle[entry.name] = runs.run.requests;
      const sizes = { agents, changed: changedOf(entry, agents), kind: scenario.database.kind };
      rows.push(await reportCase(entry, runs, sizes));
    }
    await scenario.stopWorkers();
    const naive = await runNaiveCycle(scenario.database.db, stack.emulator, stack.logger);
    rows.push(await reportNaive(naive, perCycle, agents));
    return rows;
  } finally {
    await scenario.close();
  }
}

/** Seeds the agents, pushes them all, and runs once more so both watermarks are set. */
async function linkAgents(scenario: SyncScenario, count: number): Promise<string[]> {
  const ids = await seedBenchAgents(scenario.database.db, count);
  const push = await scenario.sync('push');
  if (push.result.success !== count || push.result.failed > 0) {
    throw new SyncBenchError('The first push did not link every agent', push.result);
  }
  await scenario.sync('both');
  return ids;
}

async function measureCases(
  scenario: SyncScenario,
  control: EmulatorControl,
  ids: readonly string[],
): Promise<Map<Case, CaseRuns>> {
  const measured = new Map<Case, CaseRuns>();
  for (const entry of cases) {
    const changed = ids.slice(0, changedOf(entry, ids.length));
    measured.set(entry, { run: await measureCase(scenario, control, entry, changed) });
  }
  for (const [entry, runs] of measured) {
    if (entry.isEchoMeasured === true) {
      runs.next = await measureEcho(scenario, control, ids);
    }
  }
  return measured;
}

async function measureCase(
  scenario: SyncScenario,
  control: EmulatorControl,
  entry: Case,
  ids: readonly string[],
): Promise<MeasuredRun> {
  if (entry.side === 'database') {
    await changeAgents(scenario.database.db, ids, `changed-${entry.name}`);
    return scenario.sync('both');
  }
  const status = `reviewed-${entry.name}`;
  await editAsPerson(scenario, control, ids.length, status, Date.now());
  const run = await scenario.sync('both');
  // The same edit again, stamped an hour back: the pages keep their values but leave the
  // overlap window of the next case, which would otherwise read them once more.
  await editAsPerson(scenario, control, ids.length, status, Date.now() - hourMs);
  return run;
}

/**
 * The cost of reading a run's own writes back: every agent changed again and synced on the real
 * clock, so its writes land in the next run's overlap window, then that next run, with nothing
 * changed, measured. Every page is rewritten, so earlier edits add no page to what it reads.
 */
async function measureEcho(
  scenario: SyncScenario,
  control: EmulatorControl,
  ids: readonly string[],
): Promise<MeasuredRun> {
  control.setClock(Date.now(), { isFrozen: false });
  await changeAgents(scenario.database.db, ids, 'changed-echo-probe');
  await scenario.sync('both');
  return scenario.sync('both');
}

function changedOf(entry: Case, agents: number): number {
  return Math.max(1, Math.round(agents * entry.share));
}

/**
 * A person's edits of the first `count` linked pages, stamped at `atMs`; stamped now, they fall
 * inside the window the next run reads.
 */
async function editAsPerson(
  scenario: SyncScenario,
  control: EmulatorControl,
  count: number,
  status: string,
  atMs: number,
): Promise<void> {
  control.setClock(atMs, { isFrozen: false });
  const properties = { Status: { select: { name: status } } };
  for (const pageId of await linkedPageIds(scenario.database.db, count)) {
    control.editPageAsHuman(pageId, { properties });
  }
  control.setClock(Date.now() - hourMs, { isFrozen: false });
}
