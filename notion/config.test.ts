import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadNotionConfig } from './config';

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const dashed = 'a1b2c3d4-e5f6-4718-893a-4b5c6d7e8f90';

describe('loadNotionConfig', () => {
  it('reads the settings with their defaults and dashes the ids', () => {
    const config = loadNotionConfig({
      NOTION_API_KEY: 'secret_x',
      NOTION_DATA_SOURCE_ID: dashed.replace(/-/g, '').toUpperCase(),
    });
    expect(config).toEqual({
      apiKey: 'secret_x',
      baseUrl: undefined,
      dataSourceId: dashed,
      databaseId: undefined,
      pageId: undefined,
      rateLimit: 3,
      timeoutMs: 30_000,
    });
  });

  it('takes a base URL, a fractional rate and a timeout', () => {
    const config = loadNotionConfig({
      NOTION_API_KEY: 'secret_x',
      NOTION_PAGE_ID: dashed,
      NOTION_BASE_URL: 'http://127.0.0.1:4010/',
      NOTION_RATE_LIMIT: '2.5',
      NOTION_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010',
      rateLimit: 2.5,
      timeoutMs: 5000,
    });
  });

  it('names every missing or malformed variable', () => {
    const env = { NOTION_DATABASE_ID: 'nope', NOTION_RATE_LIMIT: '0', NOTION_BASE_URL: 'ftp://x' };
    const error = captureError(() => loadNotionConfig(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual(
      expect.arrayContaining([
        'NOTION_API_KEY',
        'NOTION_DATABASE_ID',
        'NOTION_RATE_LIMIT',
        'NOTION_BASE_URL',
      ]),
    );
  });

  it('requires a data source, a database or a page to sync with', () => {
    expect(() => loadNotionConfig({ NOTION_API_KEY: 'secret_x' })).toThrow(/NOTION_DATA_SOURCE_ID/);
  });
});
