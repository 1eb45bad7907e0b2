import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { PropertyCodecError } from './errors';
import {
  canonicalize,
  decodeProperty,
  encodeProperty,
  isSameValue,
  propertyTypes,
  type PropertyType,
} from './property-codecs';

const pageId = fc.uuid().map((id) => id.toUpperCase().replace(/-/g, ''));
const optionName = fc.string({ minLength: 1 }).filter((name) => !name.includes(','));
const isoDateTime = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
  .map((date) => date.toISOString().replace('Z', '+00:00'));

const looseValues: { [Type in PropertyType]: fc.Arbitrary<unknown> } = {
  title: fc.option(fc.string({ maxLength: 4500 })),
  rich_text: fc.option(fc.string({ unit: 'grapheme', maxLength: 3000 })),
  number: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  select: fc.option(optionName),
  multi_select: fc.option(fc.array(optionName, { maxLength: 8 })),
  status: fc.option(fc.string({ minLength: 1 })),
  checkbox: fc.option(fc.boolean()),
  date: fc.option(
    fc.oneof(
      isoDateTime,
      fc.tuple(isoDateTime, isoDateTime).map((r) => r.join('/')),
    ),
  ),
  url: fc.option(fc.webUrl()),
  email: fc.option(fc.emailAddress()),
  phone_number: fc.option(fc.string()),
  relation: fc.option(fc.array(pageId, { maxLength: 6 })),
};

describe('property codecs', () => {
  it.each(propertyTypes)('reads back the canonical %s value it wrote', (type) => {
    fc.assert(
      fc.property(looseValues[type], (value) => {
        const written = encodeProperty(type, value);
        expect(decodeProperty(type, { type, ...written })).toEqual(canonicalize(type, value));
      }),
    );
  });

  it.each(propertyTypes)('gives a %s canonical value that is its own canonical form', (type) => {
    fc.assert(
      fc.property(looseValues[type], (value) => {
        const once = canonicalize(type, value);
        expect(canonicalize(type, once)).toEqual(once);
      }),
    );
  });

  it('splits rich text into runs of at most 2,000 characters and joins them on read', () => {
    const text = 'a'.repeat(4001);
    const written = encodeProperty('rich_text', text) as {
      rich_text: { text: { content: string } }[];
    };
    expect(written.rich_text.map((run) => run.text.content.length)).toEqual([2000, 2000, 1]);
    expect(decodeProperty('rich_text', { type: 'rich_text', ...written })).toBe(text);
  });

  it('never splits a surrogate pair between two runs', () => {
    const text = `${'a'.repeat(1999)}🌍b`;
    const written = encodeProperty('title', text) as { title: { text: { content: string } }[] };
    expect(written.title.map((run) => run.text.content)).toEqual(['a'.repeat(1999), '🌍b']);
  });

  it('joins the plain text of mentions and formatted runs as Notion returns them', () => {
    const property = {
      type: 'rich_text',
      rich_text: [
        { type: 'text', text: { content: 'Hi ' }, plain_text: 'Hi ', annotations: { bold: true } },
        { type: 'mention', mention: { type: 'user' }, plain_text: '@Ada' },
      ],
    };
    expect(decodeProperty('rich_text', property)).toBe('Hi @Ada');
  });

  it('treats the empty string and null as the same text value', () => {
    expect(isSameValue('rich_text', '', null)).toBe(true);
    expect(isSameValue('url', '', undefined)).toBe(true);
    expect(isSameValue('title', ' ', '')).toBe(false);
    expect(decodeProperty('title', { type: 'title', title: [] })).toBeNull();
  });

  it('treats multi-select as a set of names', () => {
    expect(canonicalize('multi_select', ['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(isSameValue('multi_select', null, [])).toBe(true);
    const read = { type: 'multi_select', multi_select: [{ id: 'x', name: 'z', color: 'red' }] };
    expect(decodeProperty('multi_select', read)).toEqual(['z']);
  });

  it('writes relation ids lower-case and dashed, sorted and without duplicates', () => {
    const upper = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
    const dashed = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
    expect(
      canonicalize('relation', [upper, '00000000-0000-0000-0000-000000000001', dashed]),
    ).toEqual(['00000000-0000-0000-0000-000000000001', dashed]);
  });

  it('refuses to decode a relation Notion truncated at 25 items', () => {
    const property = { type: 'relation', relation: [], has_more: true };
    expect(() => decodeProperty('relation', property)).toThrow(/truncated/);
  });

  it('writes dates in UTC and keeps calendar dates as dates', () => {
    expect(canonicalize('date', '2024-03-01T12:30:00+02:00')).toBe('2024-03-01T10:30:00.000Z');
    expect(canonicalize('date', new Date(Date.UTC(2024, 2, 1)))).toBe('2024-03-01T00:00:00.000Z');
    expect(canonicalize('date', '2024-03-01')).toBe('2024-03-01');
    expect(canonicalize('date', { start: '2024-03-01', end: '2024-03-05' })).toBe(
      '2024-03-01/2024-03-05',
    );
    expect(encodeProperty('date', '2024-03-01/2024-03-05')).toEqual({
      date: { start: '2024-03-01', end: '2024-03-05' },
    });
    expect(canonicalize('date', '2024-03-01T10:30:00')).toBe('2024-03-01T10:30:00.000Z');
  });

  it('reads numeric strings as numbers and -0 as 0', () => {
    expect(canonicalize('number', '12.50')).toBe(12.5);
    expect(Object.is(canonicalize('number', -0), 0)).toBe(true);
    expect(canonicalize('checkbox', null)).toBe(false);
  });

  it.each([
    ['number', Number.NaN],
    ['number', Number.POSITIVE_INFINITY],
    ['number', 'twelve'],
    ['select', 'a,b'],
    ['multi_select', ['ok', '']],
    ['date', '2024-02-30'],
    ['date', 'yesterday'],
    ['relation', ['not-an-id']],
    ['checkbox', 'yes'],
    ['title', 42],
  ] as const)('refuses the %s value %j with a PropertyCodecError', (type, value) => {
    expect(() => encodeProperty(type, value)).toThrow(PropertyCodecError);
  });

  it('refuses to decode a property of another type', () => {
    const property = { type: 'select', select: { name: 'a' } };
    expect(() => decodeProperty('status', property)).toThrow(/has type "select"/);
  });
});
