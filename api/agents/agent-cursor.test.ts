import { describe, expect, it } from 'vitest';

import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor } from './agent-cursor';

describe('agent cursors', () => {
  it('round-trips a position with microseconds', () => {
    const cursor = {
      updatedAt: '2026-01-02T03:04:05.123456Z',
      id: '0b6c1f9e-8d7a-4c55-9a51-2f3e7d1c4b20',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses text it did not issue with a ValidationError', () => {
    const forged = Buffer.from("2026-01-02|' OR 1=1 --").toString('base64url');
    for (const text of ['', 'garbage', forged]) {
      expect(() => decodeCursor(text)).toThrow(ValidationError);
    }
  });
});
