import { z } from 'zod';

import { intVar, parseEnv, type Env } from '../core/env';

const apiEnvSchema = z.object({
  PORT: intVar(3000, 0).pipe(z.number().max(65_535)),
  HOST: z.string().default('127.0.0.1'),
  JWT_SECRET: z.string({ error: 'is required' }).min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().default('eco-bot'),
  JWT_AUDIENCE: z.string().default('eco-bot-api'),
  ACCESS_TOKEN_TTL: intVar(15 * 60),
  REFRESH_TOKEN_TTL: intVar(7 * 24 * 60 * 60),
  CORS_ORIGINS: z.string().default(''),
  BODY_LIMIT_BYTES: intVar(1024 * 1024),
  TREE_MAX_DEPTH: intVar(100),
  LOGIN_RATE_LIMIT: intVar(10),
  LOGIN_RATE_WINDOW: intVar(60),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
});

/** Settings of the HTTP API, validated once at start-up. */
export interface ApiConfig {
  /** Port to listen on; 0 lets the OS choose. Default 3000. */
  port: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host: string;
  /** HMAC key of the access tokens (HS256); at least 32 characters. Required. */
  jwtSecret: string;
  /** `iss` claim of issued tokens, required on verify. Default `eco-bot`. */
  jwtIssuer: string;
  /** `aud` claim of issued tokens, required on verify. Default `eco-bot-api`. */
  jwtAudience: string;
  /** Access token lifetime in seconds. Default 900 (15 minutes). */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime in seconds. Default 604800 (7 days). */
  refreshTokenTtlSeconds: number;
  /** Origins allowed by CORS, from the comma-separated `CORS_ORIGINS`. Default none. */
  corsOrigins: string[];
  /** Largest accepted request body in bytes. Default 1048576 (1 MiB). */
  bodyLimitBytes: number;
  /** Deepest node depth a tree may reach, and the largest subtree depth asked. Default 100. */
  treeMaxDepth: number;
  /** Login attempts allowed per email and address within the window. Default 10. */
  loginRateLimit: number;
  /** Length of the login rate-limit window in seconds. Default 60. */
  loginRateWindowSeconds: number;
  /** Base URL of the Temporal Web UI, for run links. Default `http://localhost:8233`. */
  temporalUiUrl: string;
}

/** Reads the API settings from `env`; throws a `ConfigError` naming each bad variable. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const vars = parseEnv(apiEnvSchema, env);
  return {
    port: vars.PORT,
    host: vars.HOST,
    jwtSecret: vars.JWT_SECRET,
    jwtIssuer: vars.JWT_ISSUER,
    jwtAudience: vars.JWT_AUDIENCE,
    accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL,
    corsOrigins: vars.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    bodyLimitBytes: vars.BODY_LIMIT_BYTES,
    treeMaxDepth: vars.TREE_MAX_DEPTH,
    loginRateLimit: vars.LOGIN_RATE_LIMIT,
    loginRateWindowSeconds: vars.LOGIN_RATE_WINDOW,
    temporalUiUrl: vars.TEMPORAL_UI_URL.replace(/\/+$/, ''),
  };
}
