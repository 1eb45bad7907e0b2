/**
 * The client side of the SSE fan-out benchmark, run as a child process so that parsing 100
 * streams does not share an event loop with the server being measured. It reads the streams with
 * bare `node:http` (the lightest client, so its own cost flatters neither side), records when
 * each event arrived, and reports that.
 */
import { get, type ClientRequest } from 'node:http';

import { nowMs, type ClientCommand, type ClientReply } from './sse-fanout-protocol';

let requests: ClientRequest[] = [];
let arrivals: number[] = [];

function reply(message: ClientReply): void {
  process.send?.(message);
}

function record(block: string): void {
  const data = block.split('\n').find((line) => line.startsWith('data: '));
  if (data !== undefined) {
    const receivedAt = nowMs();
    const event = JSON.parse(data.slice(6)) as { payload: { n: number } };
    arrivals.push(event.payload.n, receivedAt);
  }
}

function open(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = get(url, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        blocks.forEach(record);
      });
      response.on('error', () => undefined);
      resolve();
    });
    request.on('error', reject);
    requests.push(request);
  });
}

async function collect(expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (arrivals.length < 2 * expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  reply({ kind: 'arrivals', arrivals });
  arrivals = [];
  requests.forEach((request) => request.destroy());
  requests = [];
}

process.on('message', (command: ClientCommand) => {
  if (command.kind === 'connect') {
    const opened = Array.from({ length: command.clients }, () => open(command.url));
    void Promise.all(opened).then(() => reply({ kind: 'connected' }));
  } else if (command.kind === 'collect') {
    void collect(command.expected, command.timeoutMs);
  } else {
    process.exit(0);
  }
});
