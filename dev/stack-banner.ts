import type { RunningStack } from './stack-start';

/** The lines `npm start` prints once the stack is up: where everything is and how to log in. */
export function stackBanner(stack: RunningStack, startupMs: number): string {
  const { urls, admin } = stack;
  const password = admin.password ?? '(unchanged since the account was created)';
  const rows: [string, string | undefined][] = [
    ['API', urls.api],
    ['API docs', urls.docs],
    ['Temporal Web UI', urls.temporalUi],
    ['Temporal frontend', stack.temporalAddress],
    ['Notion emulator', urls.emulator],
    ['Demo admin', `${admin.email} / ${password}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const seconds = (startupMs / 1000).toFixed(1);
  return [`Eco-Bot stack is up (${seconds} s). Ctrl-C stops it.`, ...lines].join('\n');
}
