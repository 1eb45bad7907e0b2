import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadTemporalConfig } from './temporal-config';

describe('loadTemporalConfig', () => {
  it('defaults to the local dev server without TLS', () => {
    expect(loadTemporalConfig({})).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'eco-bot-sync',
    });
  });

  it('turns TLS on for an API key, as Temporal Cloud expects', () => {
    const config = loadTemporalConfig({
      TEMPORAL_ADDRESS: 'eco.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'eco.a1b2c',
      TEMPORAL_API_KEY: 'key-123',
    });

    expect(config).toMatchObject({ namespace: 'eco.a1b2c', apiKey: 'key-123', tls: {} });
  });

  it('keeps TLS off for an API key when TEMPORAL_TLS is false', () => {
    const config = loadTemporalConfig({ TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'false' });

    expect(config.tls).toBeUndefined();
  });

  it('collects mutual TLS paths and the server name', () => {
    const config = loadTemporalConfig({
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/certs/client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/certs/client.key',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });

    expect(config.tls).toEqual({
      clientCertPath: '/certs/client.pem',
      clientKeyPath: '/certs/client.key',
      serverName: 'temporal.internal',
    });
  });

  it('names the key path when only the client certificate is given', () => {
    const load = () => loadTemporalConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/certs/client.pem' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TEMPORAL_TLS_CLIENT_KEY_PATH/);
  });

  it('names TEMPORAL_ADDRESS and TEMPORAL_TLS when they are malformed', () => {
    const load = () => loadTemporalConfig({ TEMPORAL_ADDRESS: 'localhost', TEMPORAL_TLS: 'yes' });

    expect(load).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(load).toThrow(/TEMPORAL_TLS must be true or false/);
  });
});
