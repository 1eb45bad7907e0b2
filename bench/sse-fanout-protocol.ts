/** What the SSE fan-out benchmark tells its client process to do. */
export type ClientCommand =
  | { kind: 'connect'; url: string; clients: number }
  | { kind: 'collect'; expected: number; timeoutMs: number }
  | { kind: 'exit' };

/** What the client process answers; `arrivals` holds pairs: event number, then receive time. */
export type ClientReply = { kind: 'connected' } | { kind: 'arrivals'; arrivals: number[] };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
