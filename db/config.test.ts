import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadDbConfig } from './config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadDbConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadDbConfig', () => {
  it('refuses a malformed DATABASE_URL by name, without quoting its password', () => {
    for (const url of [
      'postgres://eco:hunter2@[not-an-address/eco_bot',
      'postgres://eco:hunter2@db:99999/eco_bot',
      'not a url hunter2',
    ]) {
      const error = configError({ DATABASE_URL: url });
      expect([...new Set(error.variables)]).toEqual(['DATABASE_URL']);
      expect(error.message).not.toContain('hunter2');
    }
  });

  it('accepts URLs the driver reads: socket hosts, IPv6 and encoded passwords', () => {
    for (const url of [
      'postgres://eco@/eco_bot?host=/var/run/postgresql',
      'postgresql://eco:p%40ss%2Fword@[::1]:5432/eco_bot?sslmode=require',
    ]) {
      expect(loadDbConfig({ DATABASE_URL: url }).target).toMatchObject({ connectionString: url });
    }
  });

  it('uses an embedded PGlite under .data when no server is configured', () => {
    expect(loadDbConfig({})).toMatchObject({
      target: { kind: 'pglite', dataDir: '.data/pglite' },
    });
    expect(loadDbConfig({ PGLITE_DIR: 'memory://' }).target).toEqual({
      kind: 'pglite',
      dataDir: undefined,
    });
  });

  it('applies the pool defaults of the design: min 2, max 10, idle 300 s, lifetime 3600 s', () => {
    expect(loadDbConfig({ DATABASE_URL: 'postgres://u:p@db:5432/eco' })).toMatchObject({
      poolMin: 2,
      poolMax: 10,
      idleSeconds: 300,
      lifetimeSeconds: 3600,
      connectTimeoutSeconds: 10,
    });
  });

  it('reads pool sizes and timeouts from the environment', () => {
    const config = loadDbConfig({
      DATABASE_URL: 'postgresql://u:p@db/eco',
      DB_POOL_MIN: '0',
      DB_POOL_MAX: '4',
      DB_POOL_IDLE: '30',
      DB_POOL_LIFETIME: '600',
      DB_TIMEOUT: '3',
    });
    expect(config).toMatchObject({
      poolMin: 0,
      poolMax: 4,
      idleSeconds: 30,
      lifetimeSeconds: 600,
      connectTimeoutSeconds: 3,
    });
  });

  it('keeps the pool minimum within the maximum', () => {
    const config = loadDbConfig({ DB_HOST: 'db', DB_POOL_MIN: '8', DB_POOL_MAX: '3' });
    expect(config).toMatchObject({ poolMin: 3, poolMax: 3 });
  });

  it('builds the target from the DB_ variables', () => {
    const config = loadDbConfig({
      DB_HOST: 'db.internal',
      DB_PORT: '6543',
      DB_NAME: 'eco',
      DB_USER: 'eco_admin',
      DB_PASSWORD: 'pw',
      DB_SSL_MODE: 'require',
    });
    expect(config.target).toEqual({
      kind: 'postgres',
      connectionString: undefined,
      host: 'db.internal',
      port: 6543,
      database: 'eco',
      user: 'eco_admin',
      password: 'pw',
      sslMode: 'require',
    });
  });

  it('names every bad variable, and never quotes a password', () => {
    const error = configError({
      DATABASE_URL: 'mysql://root:hunter2@db/eco',
      DB_POOL_MAX: 'ten',
      DB_SSL_MODE: 'sometimes',
      DB_TIMEOUT: '-1',
    });
    expect([...error.variables].sort()).toEqual([
      'DATABASE_URL',
      'DB_POOL_MAX',
      'DB_SSL_MODE',
      'DB_TIMEOUT',
    ]);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });
});
