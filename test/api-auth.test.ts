import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { refreshTokens } from '../db/schema';
import { hashRefreshToken } from '../api/auth/refresh-tokens';
import { createApiHarness, type ApiHarness } from './api-harness';

interface Pair {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string };
}

let harness: ApiHarness;

beforeAll(async () => {
  harness = await createApiHarness({ env: { LOGIN_RATE_LIMIT: '4' } });
});

afterAll(async () => {
  await harness.close();
});

async function login(role: 'admin' | 'operator' | 'viewer' = 'operator') {
  const { email, password } = harness.users[role];
  return harness.call<Pair>('POST', '/auth/login', { json: { email, password } });
}

describe('POST /auth/login', () => {
  it('answers an access token and a refresh token for the right password', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toMatchObject({ id: harness.users.operator.id, role: 'operator' });
  });

  it('stores only the SHA-256 of the refresh token', async () => {
    const res = await login('viewer');
    const rows = await harness.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(res.body.refreshToken)));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(res.body.refreshToken);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await harness.call('POST', '/auth/login', {
      json: { email: harness.users.admin.email, password: 'not-the-password' },
    });
    const unknown = await harness.call('POST', '/auth/login', {
      json: { email: 'nobody@example.test', password: 'whatever' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      error: { code: 'invalid_credentials', message: 'Invalid email or password' },
    });
  });

  it('answers 429 with Retry-After once an email exceeds its attempts', async () => {
    const body = { email: 'limited@example.test', password: 'guess' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await harness.call('POST', '/auth/login', { json: body })).status);
    }
    const limited = await harness.call('POST', '/auth/login', { json: body });
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('POST /auth/refresh', () => {
  it('rotates the refresh token and marks the old one used', async () => {
    const first = await login();
    const second = await harness.call<Pair>('POST', '/auth/refresh', {
      json: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    const [old] = await harness.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(first.body.refreshToken)));
    expect(old?.usedAt).toBeInstanceOf(Date);
  });

  it('revokes the whole family when a used refresh token comes back', async () => {
    const first = await login();
    const second = await harness.call<Pair>('POST', '/auth/refresh', {
      json: { refreshToken: first.body.refreshToken },
    });
    const replay = await harness.call('POST', '/auth/refresh', {
      json: { refreshToken: first.body.refreshToken },
    });
    const successor = await harness.call('POST', '/auth/refresh', {
      json: { refreshToken: second.body.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'refresh_token_reused' } });
    expect(successor.status).toBe(401);
    expect(successor.body).toMatchObject({ error: { code: 'invalid_refresh_token' } });
  });

  it('refuses an unknown refresh token', async () => {
    const res = await harness.call('POST', '/auth/refresh', {
      json: { refreshToken: 'A'.repeat(43) },
    });
    expect(res.status).toBe(401);
  });
});

describe('POST /auth/logout', () => {
  it('revokes the family so its refresh token no longer works', async () => {
    const pair = await login('admin');
    const out = await harness.call('POST', '/auth/logout', {
      json: { refreshToken: pair.body.refreshToken },
    });
    const after = await harness.call('POST', '/auth/refresh', {
      json: { refreshToken: pair.body.refreshToken },
    });
    expect(out.status).toBe(204);
    expect(after.status).toBe(401);
  });
});
