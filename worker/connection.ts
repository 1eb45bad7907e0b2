import { readFile } from 'node:fs/promises';

import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

import type { TemporalConfig, TemporalTlsConfig } from './temporal-config';

/**
 * Opens the process's one `Client` to Temporal with the address, namespace, TLS and API key of
 * `config`. Close it with `client.connection.close()` on shutdown.
 */
export async function connectClient(config: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({
    address: config.address,
    tls: await loadTls(config.tls),
    ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
  });
  return new Client({ connection, namespace: config.namespace });
}

/** Opens the `NativeConnection` a worker polls through, with the same settings as the client. */
export async function connectNative(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.address,
    tls: await loadTls(config.tls),
    ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
  });
}

/**
 * The SDK's TLS options for `tls`, reading the PEM files it names. Without TLS settings it is an
 * explicit `false`, because the SDK would otherwise turn TLS on by itself whenever an API
 * key is set.
 */
export async function loadTls(tls: TemporalTlsConfig | undefined): Promise<TLSConfig | false> {
  if (tls === undefined) {
    return false;
  }
  const [ca, crt, key] = await Promise.all([
    readOptional(tls.serverCaCertPath),
    readOptional(tls.clientCertPath),
    readOptional(tls.clientKeyPath),
  ]);
  return {
    ...(tls.serverName === undefined ? {} : { serverNameOverride: tls.serverName }),
    ...(ca === undefined ? {} : { serverRootCACertificate: ca }),
    ...(crt === undefined || key === undefined ? {} : { clientCertPair: { crt, key } }),
  };
}

async function readOptional(path: string | undefined): Promise<Buffer | undefined> {
  return path === undefined ? undefined : readFile(path);
}
