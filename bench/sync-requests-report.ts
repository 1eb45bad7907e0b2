import type { NaiveCycle } from './naive-sync';
import { writeBenchResult } from './report';
import type { MeasuredRun } from './sync-scenario';

/** One incremental run of the efficiency benchmark: where the changes were and how many. */
export interface Case {
  name: string;
  side: 'database' | 'notion';
  share: number;
  /** Also measure what the run after such a run spends reading its writes back. */
  isEchoMeasured?: boolean;
}

/**
 * The measured run of a case and, for an echo-measured case, an unchanged run after one like it.
 */
export interface CaseRuns {
  run: MeasuredRun;
  next?: MeasuredRun;
}

/** Notion answers at most 100 pages per query. */
const queryPageSize = 100;

/** A run with nothing changed anywhere still asks Notion once what changed. */
const idleRunFloor = 1;

/**
 * The fewest requests a correct incremental run can send for the case: one write per record
 * changed in the database, and the query pages that list the pages changed in Notion (one
 * page, answered empty, when none changed).
 */
function floorOf(entry: Case, changed: number): number {
  const remoteChanged = entry.side === 'notion' ? changed : 0;
  const queryPages = Math.max(idleRunFloor, Math.ceil(remoteChanged / queryPageSize));
  return (entry.side === 'database' ? changed : 0) + queryPages;
}

function queryPagesOf(run: MeasuredRun): number {
  return Object.entries(run.routes)
    .filter(([route]) => route.endsWith('/query'))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Writes the case's result: requests sent against the floor. */
export function reportCase(
  entry: Case,
  { run, next }: CaseRuns,
  sizes: { agents: number; changed: number; kind: string },
): Promise<string> {
  const floor = floorOf(entry, sizes.changed);
  const queryPages = queryPagesOf(run);
  const echo = next === undefined ? {} : echoFigures(run, next, floor);
  const figures = {
    requestsSent: run.requests,
    floor,
    writesSent: run.requests - queryPages,
    queryPagesSent: queryPages,
    engineCountedRequests: run.result.requests,
    recordsWritten: run.result.success,
    recordsFailed: run.result.failed,
    wallMs: run.wallMs,
    ...echo,
  };
  const steady = echo['steady-state requests per cycle'];
  const checks = [
    { label: 'requests <= 1.05x the floor', isMet: run.requests <= 1.05 * floor },
    { label: 'no record failed', isMet: run.result.failed === 0 },
    ...(steady === undefined
      ? []
      : [{ label: 'with echo reads <= 1.05x the floor', isMet: steady <= 1.05 * floor }]),
  ];
  return writeBenchResult({
    name: entry.name,
    unit: 'requests',
    figures,
    candidate: 'requestsSent',
    baseline: 'floor',
    checks,
    parameters: { ...sizes, changedIn: entry.side, direction: 'both' },
  });
}

/** What the next run spends reading this run's writes back, and a cycle's total with it. */
function echoFigures(run: MeasuredRun, next: MeasuredRun, floor: number): Record<string, number> {
  const echoRequests = Math.max(0, next.requests - idleRunFloor);
  return {
    'next run requests, nothing changed': next.requests,
    'next run writes': next.requests - queryPagesOf(next),
    'steady-state requests per cycle': run.requests + echoRequests,
    'steady-state ratio': (run.requests + echoRequests) / floor,
  };
}

/** Writes naive-sync.json: the engine's requests per cycle against the naive loop's. */
export function reportNaive(
  naive: NaiveCycle,
  perCycle: Record<string, number>,
  agents: number,
): Promise<string> {
  const engine = perCycle['sync-requests-db-1pct'] ?? Number.NaN;
  const figures = {
    'engine, 1% changed': engine,
    'engine, 10% changed': perCycle['sync-requests-db-10pct'] ?? Number.NaN,
    'naive loop': naive.requests,
    'naive query pages': naive.queryPages,
    'naive writes': naive.writes,
    'naive cycle ms': naive.wallMs,
    'factor at 1%': naive.requests / engine,
  };
  return writeBenchResult({
    name: 'naive-sync',
    unit: 'requests/cycle',
    figures,
    candidate: 'engine, 1% changed',
    baseline: 'naive loop',
    checks: [
      {
        label: 'engine sends fewer requests per cycle than the naive loop',
        isMet: engine < naive.requests,
      },
    ],
    parameters: { agents, changedForEngine: '1%', naive: 'every row written every cycle' },
  });
}
