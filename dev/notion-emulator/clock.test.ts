import { describe, expect, it } from 'vitest';

import { EmulatorClock, minuteIso } from './clock';

describe('EmulatorClock', () => {
  it('floors instants to the whole minute as Notion prints them', () => {
    expect(minuteIso(Date.parse('2025-06-01T10:15:59.999Z'))).toBe('2025-06-01T10:15:00.000Z');
    expect(minuteIso(Date.parse('1969-12-31T23:59:30.000Z'))).toBe('1969-12-31T23:59:00.000Z');
  });

  it('stays at a frozen instant until advanced', () => {
    const source = { ms: 1_000 };
    const clock = new EmulatorClock({ now: () => source.ms });
    clock.set(Date.parse('2025-01-01T00:00:00.000Z'), true);
    source.ms += 50_000;
    clock.advance(61_000);
    expect(new Date(clock.now()).toISOString()).toBe('2025-01-01T00:01:01.000Z');
  });

  it('keeps ticking from a set instant when not frozen', () => {
    const source = { ms: 1_000 };
    const clock = new EmulatorClock({ now: () => source.ms });
    clock.set(5_000, false);
    source.ms += 250;
    expect(clock.now()).toBe(5_250);
  });
});
