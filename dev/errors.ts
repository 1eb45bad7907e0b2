/** Thrown when `go install` of the Temporal CLI exits with an error. */
export class TemporalCliBuildError extends Error {
  override readonly name = 'TemporalCliBuildError';
  readonly exitCode: number | null;
  /** The last lines Go printed, which name the failing download or compile step. */
  readonly outputTail: string;

  constructor(exitCode: number | null, outputTail: string, options?: { cause?: unknown }) {
    super(
      `Building the Temporal CLI failed (exit code ${String(exitCode)}): ${outputTail}`,
      options,
    );
    this.exitCode = exitCode;
    this.outputTail = outputTail;
  }
}

/** Thrown when the Maven resolution of Temporal's time-skipping test server fails. */
export class TimeSkippingServerError extends Error {
  override readonly name = 'TimeSkippingServerError';
  /** The last lines Maven (or the shell) printed. */
  readonly outputTail: string;

  constructor(message: string, outputTail: string, options?: { cause?: unknown }) {
    super(outputTail === '' ? message : `${message}: ${outputTail}`, options);
    this.outputTail = outputTail;
  }
}

/** Thrown when a lock file stays held by a live process for longer than the caller waits. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  readonly lockPath: string;
  readonly holderPid: number | undefined;

  constructor(lockPath: string, holderPid: number | undefined) {
    super(`Timed out waiting for lock ${lockPath} held by process ${String(holderPid)}`);
    this.lockPath = lockPath;
    this.holderPid = holderPid;
  }
}

/** Thrown when a port the local stack needs is already taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly port: number;
  /** The environment variable that moves the service to another port. */
  readonly variable: string;

  constructor(service: string, port: number, variable: string, options?: { cause?: unknown }) {
    super(
      `Port ${port} for the ${service} is already in use; ` +
        `stop what holds it or set ${variable} to a free port`,
      options,
    );
    this.port = port;
    this.variable = variable;
  }
}

/** Thrown when the local stack's Temporal dev server exits or does not answer in time. */
export class TemporalServerError extends Error {
  override readonly name = 'TemporalServerError';
  /** The last lines the server printed. */
  readonly outputTail: string;

  constructor(message: string, outputTail: string, options?: { cause?: unknown }) {
    super(outputTail === '' ? message : `${message}: ${outputTail}`, options);
    this.outputTail = outputTail;
  }
}
