import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

describe('Notion emulator protocol', () => {
  it('answers users.me with the integration bot of the token', async () => {
    const me = await fx.notion.users.me({});
    expect(me).toMatchObject({ object: 'user', id: fx.workspace.botUserId, type: 'bot' });
  });

  it('refuses a wrong bearer token with 401 unauthorized', async () => {
    const error = await captureError(fx.client({ auth: 'ntn_wrong' }).users.me({}));
    expect(error.status).toBe(401);
    expect(error.body).toMatchObject({ object: 'error', status: 401, code: 'unauthorized' });
  });

  it('refuses a request without a token with 401 unauthorized', async () => {
    const response = await fx.raw('GET', '/v1/users/me', {
      headers: { 'Notion-Version': '2025-09-03' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a request without Notion-Version with 400 missing_version', async () => {
    const response = await fx.raw('GET', '/v1/users/me', {
      headers: { authorization: `Bearer ${fx.workspace.token}` },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ object: 'error', status: 400, code: 'missing_version' });
    expect(body.request_id).toBe(response.headers.get('x-notion-request-id'));
  });

  it('refuses an unknown Notion-Version naming the header', async () => {
    const error = await captureError(fx.client({ notionVersion: '2021-05-13' }).users.me({}));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('Notion-Version');
  });

  it('serves 2026-03-11 without the archived alias in responses', async () => {
    const page = await fx.client({ notionVersion: '2026-03-11' }).pages.retrieve({
      page_id: fx.workspace.parentPageId,
    });
    expect(page).toHaveProperty('in_trash', false);
    expect(page).not.toHaveProperty('archived');
  });

  it('gives every answer a request id header that matches the error body', async () => {
    const ok = await fx.raw('GET', '/v1/users/me', {
      headers: { authorization: `Bearer ${fx.workspace.token}`, 'Notion-Version': '2025-09-03' },
    });
    expect(ok.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('x-request-id')).toBe(ok.headers.get('x-notion-request-id'));
    const error = await captureError(fx.notion.pages.retrieve({ page_id: 'not-a-uuid' }));
    expect(error.body.request_id).toBe(error.headers.get('x-notion-request-id'));
  });

  it('answers an unknown URL with 400 invalid_request_url', async () => {
    const response = await fx.raw('GET', '/v1/nothing-here', {
      headers: { authorization: `Bearer ${fx.workspace.token}`, 'Notion-Version': '2025-09-03' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request_url' });
  });

  it('answers an unsupported method on a known path with 400 invalid_request', async () => {
    const response = await fx.raw('DELETE', `/v1/pages/${fx.workspace.parentPageId}`, {
      headers: { authorization: `Bearer ${fx.workspace.token}`, 'Notion-Version': '2025-09-03' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('answers a malformed JSON body with 400 invalid_json', async () => {
    const response = await fx.raw('POST', '/v1/pages', {
      body: '{"parent": ',
      headers: {
        authorization: `Bearer ${fx.workspace.token}`,
        'Notion-Version': '2025-09-03',
        'content-type': 'application/json',
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ object: 'error', code: 'invalid_json' });
  });

  it('answers a non-UUID id with a validation_error naming the path parameter', async () => {
    const error = await captureError(fx.notion.pages.retrieve({ page_id: 'abc' }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('path.page_id');
  });

  it('answers an unknown id with 404 object_not_found', async () => {
    const error = await captureError(
      fx.notion.pages.retrieve({ page_id: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(error.status).toBe(404);
    expect(error.code).toBe('object_not_found');
  });

  it('hides another workspace’s pages behind 404 object_not_found', async () => {
    const other = fx.emulator.control.createWorkspace({ name: 'Other' });
    const error = await captureError(fx.notion.pages.retrieve({ page_id: other.parentPageId }));
    expect(error.code).toBe('object_not_found');
  });

  it('accepts ids without dashes', async () => {
    const page = await fx.notion.pages.create({
      parent: { data_source_id: fx.demo.dataSourceId.replace(/-/g, '') },
      properties: { Name: { title: text('Compact id') } },
    });
    const read = await fx.notion.pages.retrieve({ page_id: page.id.replace(/-/g, '') });
    expect(read.id).toBe(page.id);
  });
});
