import type { SyncResult } from '../sync/run-types';

/** A sync benchmark's setup run did not do what the measurement relies on. */
export class SyncBenchError extends Error {
  override readonly name = 'SyncBenchError';
  /** The result of the run that went wrong. */
  readonly result: SyncResult;

  constructor(message: string, result: SyncResult) {
    const counts = `success ${result.success}, failed ${result.failed}, skipped ${result.skipped}`;
    const first = result.errors[0]?.message;
    super(`${message} (${counts}${first === undefined ? '' : `; first error: ${first}`})`);
    this.result = result;
  }
}

/** The benchmark run was given an argument it does not understand. */
export class BenchArgumentError extends Error {
  override readonly name = 'BenchArgumentError';
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.argument = argument;
  }
}

/** The benchmark's worker process ended before it was asked to. */
export class WorkerProcessError extends Error {
  override readonly name = 'WorkerProcessError';
  readonly exitCode: number | null;

  constructor(exitCode: number | null) {
    super(`The benchmark's worker process exited early with code ${String(exitCode)}`);
    this.exitCode = exitCode;
  }
}

/** A benchmark's server process or its control surface did not answer as expected. */
export class ServerProcessError extends Error {
  override readonly name = 'ServerProcessError';
}
