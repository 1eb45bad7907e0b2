import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths whose values never reach a log line, wherever they appear in the metadata object. */
export const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'apiKey',
  '*.apiKey',
  'connectionString',
  '*.connectionString',
  'secret',
  '*.secret',
];

/** Options shared by every logger of the service; `LOG_LEVEL` (default `info`) sets the level. */
export function loggerOptions(level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}

/**
 * The process-wide structured logger. Messages are constant sentence-case strings; variables go in
 * the metadata object. Pretty output in a terminal, JSON lines otherwise.
 */
export const logger: Logger = pino({
  ...loggerOptions(),
  ...(process.stdout.isTTY && process.env.NODE_ENV !== 'production'
    ? { transport: { target: 'pino-pretty', options: { colorize: true } } }
    : {}),
});

export type { Logger };
