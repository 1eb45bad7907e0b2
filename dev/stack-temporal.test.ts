import { describe, expect, it } from 'vitest';

import { TemporalServerError } from './errors';
import { lostRandomPort } from './stack-temporal';

const options = { port: 27233, uiPort: 28233 };

function exited(tail: string): TemporalServerError {
  return new TemporalServerError('The Temporal dev server exited (1)', tail);
}

const bindFailure = (port: number) =>
  JSON.stringify({
    level: 'FATAL',
    prefix: 'echo',
    message: `listen tcp 127.0.0.1:${port}: bind: address already in use`,
  });

describe('lostRandomPort', () => {
  it('says to start again when a port the CLI picked itself was taken', () => {
    expect(lostRandomPort(exited(bindFailure(37619)), options)).toBe(true);
  });

  it('fails at once when the configured gRPC or UI port is taken, or on any other failure', () => {
    expect(lostRandomPort(exited(bindFailure(27233)), options)).toBe(false);
    expect(lostRandomPort(exited(bindFailure(28233)), options)).toBe(false);
    expect(lostRandomPort(exited('unknown flag: --bogus'), options)).toBe(false);
    expect(
      lostRandomPort(new Error('listen tcp 1.2.3.4:1: bind: address already in use'), options),
    ).toBe(false);
  });
});
