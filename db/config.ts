import { z } from 'zod';

import { intVar, parseEnv, type Env } from '../core/env';

const sslModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

const dbEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .refine(isParsableUrl, 'is not a valid URL (percent-encode special characters)')
    .optional(),
  DB_HOST: z.string().optional(),
  DB_PORT: intVar(5432),
  DB_NAME: z.string().default('eco_bot'),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().optional(),
  DB_SSL_MODE: z.enum(sslModes).default('prefer'),
  DB_TIMEOUT: intVar(10),
  DB_POOL_MIN: intVar(2, 0),
  DB_POOL_MAX: intVar(10),
  DB_POOL_IDLE: intVar(300),
  DB_POOL_LIFETIME: intVar(3600),
  PGLITE_DIR: z.string().default('.data/pglite'),
});

/** Whether the driver can read `url`; a host may be left out, as in `postgres://u@/db?host=...`. */
function isParsableUrl(url: string): boolean {
  try {
    new URL(url.replace('@/', '@localhost/'));
    return true;
  } catch {
    return false;
  }
}

/** Where the database lives: a PostgreSQL server, or an embedded PGlite on disk or in memory. */
export type DbTarget =
  | {
      kind: 'postgres';
      connectionString?: string;
      host?: string;
      port: number;
      database: string;
      user?: string;
      password?: string;
      sslMode: (typeof sslModes)[number];
    }
  | { kind: 'pglite'; dataDir: string | undefined };

/** Database settings, validated once at start-up. */
export interface DbConfig {
  target: DbTarget;
  /** Connections kept open at least. Default 2. */
  poolMin: number;
  /** Connections open at most. Default 10. */
  poolMax: number;
  /** Seconds an idle connection is kept. Default 300. */
  idleSeconds: number;
  /** Seconds a connection lives before it is replaced. Default 3600. */
  lifetimeSeconds: number;
  /** Seconds to wait for a connection. Default 10. */
  connectTimeoutSeconds: number;
}

/**
 * Reads `DATABASE_URL` or the `DB_*` variables; with neither, an embedded PGlite under `.data/`
 * (`PGLITE_DIR=memory://` keeps it in memory). Throws a `ConfigError` naming each bad variable.
 */
export function loadDbConfig(env: Env = process.env): DbConfig {
  const vars = parseEnv(dbEnvSchema, env);
  const pool = {
    poolMin: Math.min(vars.DB_POOL_MIN, vars.DB_POOL_MAX),
    poolMax: vars.DB_POOL_MAX,
    idleSeconds: vars.DB_POOL_IDLE,
    lifetimeSeconds: vars.DB_POOL_LIFETIME,
    connectTimeoutSeconds: vars.DB_TIMEOUT,
  };
  if (vars.DATABASE_URL === undefined && vars.DB_HOST === undefined) {
    const dataDir = vars.PGLITE_DIR === 'memory://' ? undefined : vars.PGLITE_DIR;
    return { target: { kind: 'pglite', dataDir }, ...pool };
  }
  return {
    target: {
      kind: 'postgres',
      connectionString: vars.DATABASE_URL,
      host: vars.DB_HOST,
      port: vars.DB_PORT,
      database: vars.DB_NAME,
      user: vars.DB_USER,
      password: vars.DB_PASSWORD,
      sslMode: vars.DB_SSL_MODE,
    },
    ...pool,
  };
}
