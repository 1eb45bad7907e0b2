import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../api/app';
import type { Database } from '../db/client';
import { loggerOptions } from '../core/logger';
import { createApiHarness, LogCapture, testConfig, type ApiHarness } from './api-harness';

let harness: ApiHarness;

beforeAll(async () => {
  harness = await createApiHarness();
});

afterAll(async () => {
  await harness.close();
});

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function signed(
  claims: { iss?: string; aud?: string; exp?: number | null; sub?: string; role?: string },
  secret = harness.config.jwtSecret,
): Promise<string> {
  const { jwtIssuer, jwtAudience } = harness.config;
  const jwt = new SignJWT({ role: claims.role ?? 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? harness.users.admin.id)
    .setIssuer(claims.iss ?? jwtIssuer)
    .setAudience(claims.aud ?? jwtAudience)
    .setIssuedAt();
  if (claims.exp !== null) {
    jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60);
  }
  return jwt.sign(new TextEncoder().encode(secret));
}

async function statusWith(token: string): Promise<{ status: number; body: unknown }> {
  const res = await harness.call('GET', '/agents', { token });
  return { status: res.status, body: res.body };
}

describe('access token verification', () => {
  it('accepts a token signed with the key, issuer and audience it expects', async () => {
    expect((await statusWith(await signed({}))).status).toBe(200);
  });

  it('refuses alg none', async () => {
    const payload = JSON.parse(
      Buffer.from((await signed({})).split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    const res = await statusWith(token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('refuses a token signed with another key', async () => {
    const token = await signed({}, randomBytes(32).toString('hex'));
    expect((await statusWith(token)).status).toBe(401);
  });

  it('refuses a token without exp', async () => {
    expect((await statusWith(await signed({ exp: null }))).status).toBe(401);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expect((await statusWith(await signed({ aud: 'someone-else' }))).status).toBe(401);
    expect((await statusWith(await signed({ iss: 'someone-else' }))).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const exp = Math.floor(Date.now() / 1000) - 60;
    expect((await statusWith(await signed({ exp }))).status).toBe(401);
  });

  it('refuses a token that verified before, once it has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = await signed({ exp });
    expect((await statusWith(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100 + (exp * 1000 - Date.now())));
    expect((await statusWith(token)).status).toBe(401);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await signed({ role: 'viewer' })).split('.');
    const payload = base64url({
      sub: harness.users.viewer.id,
      role: 'admin',
      iss: harness.config.jwtIssuer,
      aud: harness.config.jwtAudience,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await statusWith(`${header}.${payload}.${signature}`)).status).toBe(401);
  });

  it('refuses a token with an unknown role', async () => {
    expect((await statusWith(await signed({ role: 'superuser' }))).status).toBe(401);
  });
});

describe('secrets in logs', () => {
  it('never logs a password, an access token, a refresh token or the JWT secret', async () => {
    const { email, password } = harness.users.operator;
    const login = await harness.call<{ accessToken: string; refreshToken: string }>(
      'POST',
      '/auth/login',
      { json: { email, password } },
    );
    await harness.call('POST', '/auth/login', { json: { email, password: `${password}-wrong` } });
    const refreshed = await harness.call<{ refreshToken: string }>('POST', '/auth/refresh', {
      json: { refreshToken: login.body.refreshToken },
    });
    await harness.call('POST', '/auth/refresh', {
      json: { refreshToken: login.body.refreshToken },
    });
    await harness.call('GET', '/agents?q=secret', { token: login.body.accessToken });
    await harness.call('POST', '/auth/logout', {
      json: { refreshToken: refreshed.body.refreshToken },
    });

    const text = harness.logs.text;
    expect(harness.logs.lines.length).toBeGreaterThan(5);
    for (const secret of [
      password,
      `${password}-wrong`,
      login.body.accessToken,
      login.body.refreshToken,
      refreshed.body.refreshToken,
      harness.config.jwtSecret,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 503 from /health when the database is down, not logging its password', async () => {
    const dbPassword = `db-pass-${randomBytes(8).toString('hex')}`;
    const pool = new pg.Pool({
      connectionString: `postgres://eco:${dbPassword}@127.0.0.1:1/eco_bot`,
      connectionTimeoutMillis: 500,
    });
    pool.on('error', () => undefined);
    const unreachable: Database = {
      db: harness.database.db,
      kind: 'postgres',
      ping: async () => {
        await pool.query('SELECT 1');
      },
      listen: () => Promise.reject(new Error('not listening')),
      close: () => pool.end(),
    };
    const logs = new LogCapture();
    const app = createApp({
      db: unreachable,
      config: testConfig(),
      logger: pino(loggerOptions('trace'), logs),
    });
    const res = await app.request('/health');
    await unreachable.close();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { database: { status: 'down' } } });
    expect(logs.text).not.toContain(dbPassword);
    expect(logs.lines.length).toBeGreaterThan(0);
  });
});
