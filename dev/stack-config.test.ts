import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/env';
import { loadStackConfig } from './stack-config';

describe('loadStackConfig', () => {
  it('runs everything embedded by default, demo data included', () => {
    const config = loadStackConfig({});
    expect(config).toMatchObject({
      apiPort: 3000,
      temporal: { kind: 'embedded', port: 7233, uiPort: 8233 },
      emulatorPort: 4010,
      isDemoSeeded: true,
    });
  });

  it('seeds no demo data into a real Notion unless asked to', () => {
    expect(loadStackConfig({ NOTION_API_KEY: 'secret' })).toMatchObject({
      emulatorPort: undefined,
      isDemoSeeded: false,
    });
    expect(loadStackConfig({ NOTION_API_KEY: 'secret', DEMO_DATA: 'true' }).isDemoSeeded).toBe(
      true,
    );
    expect(loadStackConfig({ DEMO_DATA: 'false' }).isDemoSeeded).toBe(false);
  });

  it('names a bad DEMO_DATA and a port out of range', () => {
    expect(() => loadStackConfig({ DEMO_DATA: 'maybe', PORT: '70000' })).toThrow(ConfigError);
    try {
      loadStackConfig({ DEMO_DATA: 'maybe', PORT: '70000' });
    } catch (error) {
      expect((error as ConfigError).variables).toEqual(
        expect.arrayContaining(['DEMO_DATA', 'PORT']),
      );
    }
  });
});
