import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadSyncConfig } from './config';

describe('loadSyncConfig', () => {
  it('defaults to batches of 50, 3 attempts, 5 s back-off, latest_wins, 5 minutes apart', () => {
    expect(loadSyncConfig({})).toEqual({
      batchSize: 50,
      concurrency: 2,
      parallelBatches: 8,
      maxRetries: 3,
      retryDelayMs: 5_000,
      conflictResolution: 'latest_wins',
      tieBreaker: 'remote',
      intervalMs: 300_000,
      scheduleId: 'sync-agents',
      isScheduleEnabled: true,
    });
  });

  it('reads durations as seconds unless a unit is given', () => {
    const config = loadSyncConfig({ SYNC_RETRY_DELAY: '500ms', SYNC_INTERVAL: '300' });
    expect(config.retryDelayMs).toBe(500);
    expect(config.intervalMs).toBe(300_000);
    expect(loadSyncConfig({ SYNC_INTERVAL: '2m' }).intervalMs).toBe(120_000);
  });

  it('names every bad variable', () => {
    const bad = {
      SYNC_BATCH_SIZE: '500',
      SYNC_CONCURRENCY: '0',
      SYNC_PARALLEL_BATCHES: '17',
      SYNC_CONFLICT_RESOLUTION: 'coin_flip',
      SYNC_INTERVAL: 'soon',
    };
    expect(() => loadSyncConfig(bad)).toThrow(ConfigError);
    try {
      loadSyncConfig(bad);
    } catch (error) {
      expect((error as ConfigError).variables).toEqual(
        expect.arrayContaining([
          'SYNC_BATCH_SIZE',
          'SYNC_CONCURRENCY',
          'SYNC_PARALLEL_BATCHES',
          'SYNC_CONFLICT_RESOLUTION',
          'SYNC_INTERVAL',
        ]),
      );
    }
  });
});
