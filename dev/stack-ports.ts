import { createServer } from 'node:net';

import { PortInUseError } from './errors';

/** A port the stack is about to bind, and the variable that moves it. */
export interface PortClaim {
  service: string;
  port: number;
  variable: string;
}

/**
 * Checks that every port is free on `host` before anything starts, so that a second stack fails
 * at once with a message naming the variable instead of half-starting. Throws `PortInUseError`.
 */
export async function assertPortsFree(
  claims: readonly PortClaim[],
  host = '127.0.0.1',
): Promise<void> {
  for (const claim of claims) {
    if (!(await isPortFree(claim.port, host))) {
      throw new PortInUseError(claim.service, claim.port, claim.variable);
    }
  }
}

/** Whether a TCP listener could bind `host:port` right now; other bind errors reject. */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        resolve(false);
      } else {
        reject(error);
      }
    });
    probe.listen({ port, host, exclusive: true }, () => {
      probe.close(() => resolve(true));
    });
  });
}

/** A TCP port that is free on `host` right now, chosen by the operating system. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host }, () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

/** The lowest port of Linux's default range for outgoing connections' local ports. */
const ephemeralFloor = 32_768;

/**
 * A free port below the range the OS hands to outgoing connections, for a server that restarts
 * on the same port: in that range, a connection made meanwhile may take the port as its local
 * end, and the restart fails to bind it.
 */
export async function stablePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * (ephemeralFloor - 20_000));
    if (await isPortFree(port, host)) {
      return port;
    }
  }
  throw new Error(`No free port below ${ephemeralFloor} after 200 tries`);
}
