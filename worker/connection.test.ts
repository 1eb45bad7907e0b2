import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { connectClient, connectNative, loadTls } from './connection';
import { loadTemporalConfig } from './temporal-config';

describe('connections to Temporal', () => {
  let certDir: string;

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'eco-tls-'));
  });

  afterAll(async () => {
    await rm(certDir, { recursive: true, force: true });
  });

  it('reaches the dev server with a client and a native connection from the env', async () => {
    const config = loadTemporalConfig({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    });
    const client = await connectClient(config);
    const native = await connectNative(config);
    try {
      const info = await client.workflowService.getSystemInfo({});
      const namespace = await client.workflowService.describeNamespace({
        namespace: config.namespace,
      });

      expect(info.serverVersion).toMatch(/^\d+\.\d+/);
      expect(namespace.namespaceInfo?.name).toBe(config.namespace);
    } finally {
      await native.close();
      await client.connection.close();
    }
  });

  it('reads the PEM files that the TLS settings name', async () => {
    const paths = {
      ca: join(certDir, 'ca.pem'),
      crt: join(certDir, 'c.pem'),
      key: join(certDir, 'c.key'),
    };
    await writeFile(paths.ca, 'CA PEM');
    await writeFile(paths.crt, 'CERT PEM');
    await writeFile(paths.key, 'KEY PEM');

    const tls = await loadTls({
      serverName: 'temporal.internal',
      serverCaCertPath: paths.ca,
      clientCertPath: paths.crt,
      clientKeyPath: paths.key,
    });

    expect(tls).not.toBe(false);
    const config = tls === false ? undefined : tls;
    expect(config?.serverNameOverride).toBe('temporal.internal');
    expect(config?.serverRootCACertificate?.toString()).toBe('CA PEM');
    expect(config?.clientCertPair?.crt.toString()).toBe('CERT PEM');
    expect(config?.clientCertPair?.key.toString()).toBe('KEY PEM');
  });

  it('disables TLS explicitly when no TLS settings are given', async () => {
    expect(await loadTls(undefined)).toBe(false);
  });
});
