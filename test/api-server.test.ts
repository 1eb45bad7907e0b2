import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listen, type RunningServer } from '../api/server';
import { createApiHarness, type ApiHarness } from './api-harness';
import { connectTestClient, type TestClient } from './temporal-env';

let harness: ApiHarness;
let temporal: TestClient;
let server: RunningServer;
const origin = 'https://ui.example.test';

beforeAll(async () => {
  temporal = await connectTestClient();
  harness = await createApiHarness({
    env: { CORS_ORIGINS: `${origin}, https://other.example.test`, BODY_LIMIT_BYTES: '2048' },
    extra: { temporal: temporal.client },
  });
  server = await listen(harness.app, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
  await harness.close();
  await temporal.close();
});

/** Sends a chunked body, so no Content-Length tells the server its size in advance. */
function postChunked(path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) {
      req.write(chunk);
    }
    req.end();
  });
}

describe('the API over a real socket', () => {
  it('reports the database and Temporal up on /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('logs in and lists agents, echoing a well-formed X-Request-Id', async () => {
    const { email, password } = harness.users.viewer;
    const login = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const list = await fetch(`${server.url}/agents`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'trace-123' },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-request-id')).toBe('trace-123');
  });

  it('sets secure headers and a fresh request id on every answer', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'bad id!' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS preflights for configured origins only', async () => {
    const preflight = (from: string) =>
      fetch(`${server.url}/agents`, {
        method: 'OPTIONS',
        headers: { origin: from, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(origin);
    const refused = await preflight('https://evil.example.test');
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a chunked body over the limit with 413 JSON', async () => {
    const chunk = `"${'x'.repeat(1000)}",`;
    const res = await postChunked('/auth/login', ['{"email":[', chunk, chunk, chunk, '""]}']);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers malformed chunked JSON with 400', async () => {
    const res = await postChunked('/auth/login', ['{"email":', '"a@b.c", "password":']);
    expect(res.status).toBe(400);
  });
});
