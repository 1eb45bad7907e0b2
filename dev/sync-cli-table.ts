import type { SyncResult } from '../sync/run-types';

const shownErrors = 10;

/** The result of a run as a small text table, with the first per-record errors below it. */
export function resultTable(workflowId: string, result: SyncResult): string {
  const rows: [string, string][] = [
    ['run', workflowId + (result.isDryRun ? ' (dry run)' : '')],
    ['synced', String(result.success)],
    ['failed', String(result.failed)],
    ['skipped', String(result.skipped)],
    ['conflicts', String(result.conflicts)],
    ['Notion requests', String(result.requests)],
    ['planned writes', String(result.plannedRequests)],
  ];
  for (const [kind, count] of Object.entries(result.kinds)) {
    rows.push([`  ${kind}`, String(count)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  const errors = result.errors.slice(0, shownErrors).map((error) => {
    const record = error.localId ?? error.pageId ?? 'run';
    return `  ${record}: ${error.message}`;
  });
  if (errors.length > 0) {
    const more = result.errors.length - errors.length;
    lines.push('', 'Errors:', ...errors, ...(more > 0 ? [`  … and ${more} more`] : []));
  }
  return lines.join('\n');
}
