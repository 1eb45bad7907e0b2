import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadApiConfig } from './config';

const secret = 'x'.repeat(32);

describe('loadApiConfig', () => {
  it('fills the documented defaults', () => {
    expect(loadApiConfig({ JWT_SECRET: secret })).toMatchObject({
      port: 3000,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 604_800,
      bodyLimitBytes: 1_048_576,
      treeMaxDepth: 100,
      corsOrigins: [],
    });
  });

  it('names JWT_SECRET when it is missing or shorter than 32 characters', () => {
    for (const env of [{}, { JWT_SECRET: 'short' }]) {
      const error = (() => {
        try {
          loadApiConfig(env);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toContain('JWT_SECRET');
    }
  });

  it('splits CORS_ORIGINS on commas and trims them', () => {
    const config = loadApiConfig({
      JWT_SECRET: secret,
      CORS_ORIGINS: 'https://a.test, https://b.test,',
    });
    expect(config.corsOrigins).toEqual(['https://a.test', 'https://b.test']);
  });
});
