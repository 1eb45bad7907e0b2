import { resolve } from 'node:path';

import { z } from 'zod';

import { intVar, parseEnv, type Env } from '../core/env';

/** Where the stack finds Temporal: a dev server it starts, or a server named by the environment. */
export type StackTemporal =
  { kind: 'embedded'; port: number; uiPort: number } | { kind: 'external'; address: string };

/** Settings of the local stack (`npm start`) on top of those of the API, worker and database. */
export interface StackConfig {
  /** Where the stack keeps its files; `ECO_DATA_DIR`, default `.data`, resolved to absolute. */
  dataDir: string;
  /** The API's port; `PORT`, default 3000. */
  apiPort: number;
  /** The API's interface; `HOST`, default `127.0.0.1`. */
  apiHost: string;
  /**
   * A dev server of its own unless `TEMPORAL_ADDRESS` is set, on `TEMPORAL_PORT` (default 7233)
   * with its Web UI on `TEMPORAL_UI_PORT` (default 8233).
   */
  temporal: StackTemporal;
  /** The emulator's port, `NOTION_EMULATOR_PORT` (default 4010); none with `NOTION_API_KEY`. */
  emulatorPort: number | undefined;
  /** The demo admin's email; `DEMO_ADMIN_EMAIL`, default `admin@eco-bot.local`. */
  adminEmail: string;
  /** `DEMO_ADMIN_PASSWORD`; default a random one, generated once and kept in the data dir. */
  adminPassword: string | undefined;
  /**
   * Whether the demo agents and tree are seeded (`DEMO_DATA`: `true`, `false`, or `auto`, the
   * default: only when the stack runs the emulator, so a real Notion never gets demo pages).
   */
  isDemoSeeded: boolean;
}

const port = (defaultValue: number) => intVar(defaultValue).pipe(z.number().max(65_535));

const schema = z.object({
  ECO_DATA_DIR: z.string().default('.data'),
  PORT: port(3000),
  HOST: z.string().default('127.0.0.1'),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  NOTION_API_KEY: z.string().optional(),
  NOTION_EMULATOR_PORT: port(4010),
  DEMO_ADMIN_EMAIL: z.email().default('admin@eco-bot.local'),
  DEMO_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
});

/** Reads the stack's settings from `env`; throws a `ConfigError` naming each bad variable. */
export function loadStackConfig(env: Env): StackConfig {
  const vars = parseEnv(schema, env);
  return {
    dataDir: resolve(vars.ECO_DATA_DIR),
    apiPort: vars.PORT,
    apiHost: vars.HOST,
    temporal:
      vars.TEMPORAL_ADDRESS === undefined
        ? { kind: 'embedded', port: vars.TEMPORAL_PORT, uiPort: vars.TEMPORAL_UI_PORT }
        : { kind: 'external', address: vars.TEMPORAL_ADDRESS },
    emulatorPort: vars.NOTION_API_KEY === undefined ? vars.NOTION_EMULATOR_PORT : undefined,
    adminEmail: vars.DEMO_ADMIN_EMAIL,
    adminPassword: vars.DEMO_ADMIN_PASSWORD,
    isDemoSeeded:
      vars.DEMO_DATA === 'true' || (vars.DEMO_DATA === 'auto' && vars.NOTION_API_KEY === undefined),
  };
}
