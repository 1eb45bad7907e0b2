import type { PlanKind, RecordPlan } from './plan-types';

/** What a set of plans will do, known before any request is sent. */
export interface PlanSummary {
  /** Records per plan kind; kinds with no record are absent. */
  kinds: Partial<Record<PlanKind, number>>;
  /** Notion requests the writes will send. */
  cost: number;
  /** Records with conflicting fields, settled or waiting. */
  conflicts: number;
}

/** Adds up the kinds, costs and conflicts of `plans`. */
export function summarizePlans(plans: readonly RecordPlan[]): PlanSummary {
  const summary: PlanSummary = { kinds: {}, cost: 0, conflicts: 0 };
  for (const plan of plans) {
    summary.kinds[plan.kind] = (summary.kinds[plan.kind] ?? 0) + 1;
    summary.cost += plan.cost;
    summary.conflicts += plan.conflicts.length > 0 ? 1 : 0;
  }
  return summary;
}
