import { z } from 'zod';

import { parseEnv, type Env } from '../core/env';

/** Paths of the PEM files for TLS, and the name to verify the server's certificate against. */
export interface TemporalTlsConfig {
  readonly serverName?: string;
  readonly serverCaCertPath?: string;
  readonly clientCertPath?: string;
  readonly clientKeyPath?: string;
}

/** Where the worker and the API reach Temporal, and how they authenticate. */
export interface TemporalConfig {
  /** `host:port` of the frontend; `TEMPORAL_ADDRESS`, default `127.0.0.1:7233`. */
  readonly address: string;
  /** `TEMPORAL_NAMESPACE`, default `default`. */
  readonly namespace: string;
  /** The task queue the sync workers poll; `TEMPORAL_TASK_QUEUE`, default `eco-bot-sync`. */
  readonly taskQueue: string;
  /** `TEMPORAL_API_KEY`, for Temporal Cloud; turns TLS on unless `TEMPORAL_TLS=false`. */
  readonly apiKey?: string;
  /** Set when TLS is on (`TEMPORAL_TLS=true`, an API key, or any `TEMPORAL_TLS_*` path). */
  readonly tls?: TemporalTlsConfig;
}

const optionalText = z.string().optional();

const schema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^\S+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('eco-bot-sync'),
    TEMPORAL_API_KEY: optionalText,
    TEMPORAL_TLS: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText,
    TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText,
    TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText,
  })
  .superRefine((vars, ctx) => {
    const hasCert = vars.TEMPORAL_TLS_CLIENT_CERT_PATH !== undefined;
    if (hasCert !== (vars.TEMPORAL_TLS_CLIENT_KEY_PATH !== undefined)) {
      const missing = hasCert ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required for mutual TLS' });
    }
  });

type TemporalVars = z.infer<typeof schema>;

/**
 * Reads the Temporal connection settings from `env`, using the variable names of Temporal's own
 * client environment configuration. Throws `ConfigError` naming every bad variable.
 */
export function loadTemporalConfig(env: Env): TemporalConfig {
  const vars = parseEnv(schema, env);
  const tls = tlsConfig(vars);
  return {
    address: vars.TEMPORAL_ADDRESS,
    namespace: vars.TEMPORAL_NAMESPACE,
    taskQueue: vars.TEMPORAL_TASK_QUEUE,
    ...(vars.TEMPORAL_API_KEY === undefined ? {} : { apiKey: vars.TEMPORAL_API_KEY }),
    ...(tls === undefined ? {} : { tls }),
  };
}

function tlsConfig(vars: TemporalVars): TemporalTlsConfig | undefined {
  const paths = {
    serverName: vars.TEMPORAL_TLS_SERVER_NAME,
    serverCaCertPath: vars.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    clientCertPath: vars.TEMPORAL_TLS_CLIENT_CERT_PATH,
    clientKeyPath: vars.TEMPORAL_TLS_CLIENT_KEY_PATH,
  };
  const hasTlsSetting = Object.values(paths).some((value) => value !== undefined);
  const isOn =
    vars.TEMPORAL_TLS === 'true' ||
    (vars.TEMPORAL_TLS === undefined && (vars.TEMPORAL_API_KEY !== undefined || hasTlsSetting));
  if (!isOn) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(paths).filter(([, value]) => value !== undefined));
}
