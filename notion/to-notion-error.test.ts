import { describe, expect, it } from 'vitest';

import { NotionApiError, NotionConnectionError, NotionTimeoutError } from './errors';
import { parseRetryAfter, toNotionError } from './to-notion-error';
import { parseValidationField } from './validation-field';

describe('toNotionError', () => {
  it('passes a NotionApiError through unchanged', () => {
    const error = new NotionApiError('x', { status: 409, code: 'conflict_error' });
    expect(toNotionError(error)).toBe(error);
  });

  it('reads an aborted exchange timer as a retryable timeout', () => {
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    expect(toNotionError(timeout)).toBeInstanceOf(NotionTimeoutError);
  });

  it('reads undici socket failures as retryable connection errors', () => {
    const failure = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    const error = toNotionError(failure);
    expect(error).toBeInstanceOf(NotionConnectionError);
    expect(error.isRetryable).toBe(true);
  });

  it('reads anything else as a non-retryable unexpected error', () => {
    expect(toNotionError(new SyntaxError('bad json'))).toMatchObject({
      code: 'unexpected_error',
      isRetryable: false,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', Date.UTC(2026, 0, 1))).toBe(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('parseValidationField', () => {
  it('names the body path and the property of a limit message', () => {
    const message =
      'body failed validation: body.properties.Local ID.rich_text[0].text.content.length ' +
      'should be ≤ `2000`, instead was `2001`.';
    expect(parseValidationField(message)).toEqual({
      field: 'properties.Local ID.rich_text[0].text.content',
      property: 'Local ID',
    });
  });

  it('names the property of a type mismatch and the body of a size refusal', () => {
    expect(parseValidationField('Role is expected to be select.')).toEqual({
      field: 'properties.Role',
      property: 'Role',
    });
    expect(
      parseValidationField('body failed validation: body.length should be ≤ `500000`'),
    ).toEqual({ field: 'body' });
    expect(parseValidationField("Can't edit block that is archived.")).toEqual({});
  });
});
