import { fail, isBlank, isRecord, type Codec } from './codec';

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const hasOffset = /(z|[+-]\d{2}:?\d{2})$/i;

/**
 * One end of a date: a calendar date stays `YYYY-MM-DD`; a date-time becomes UTC
 * `YYYY-MM-DDTHH:mm:ss.sssZ`. A date-time without an offset is read as UTC, as Notion does.
 */
function canonicalEnd(value: unknown): string {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? fail('date', value, 'invalid Date')
      : value.toISOString();
  }
  if (typeof value !== 'string') {
    return fail('date', value, 'expected an ISO 8601 date or a Date');
  }
  const text = value.trim();
  if (dateOnly.test(text)) {
    return isCalendarDate(text) ? text : fail('date', value, 'no such calendar date');
  }
  const time = Date.parse(hasOffset.test(text) ? text : `${text}Z`);
  return Number.isNaN(time)
    ? fail('date', value, 'not an ISO 8601 date')
    : new Date(time).toISOString();
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A range is written `start/end`, ISO 8601's interval notation; a single date has no slash. */
function canonicalDate(value: unknown): string | null {
  if (isBlank(value)) {
    return null;
  }
  if (isRecord(value) && !(value instanceof Date)) {
    return joinRange(value.start, value.end);
  }
  if (typeof value === 'string' && value.includes('/')) {
    const [start, end, ...rest] = value.split('/');
    return rest.length > 0 ? fail('date', value, 'a range has one slash') : joinRange(start, end);
  }
  return canonicalEnd(value);
}

function joinRange(start: unknown, end: unknown): string {
  const first = canonicalEnd(start);
  return isBlank(end) ? first : `${first}/${canonicalEnd(end)}`;
}

/** Date: a date, a date-time or a range, in canonical ISO 8601 text. */
export const dateCodec: Codec<string | null> = {
  canonicalize: canonicalDate,
  encode: (value) => {
    if (value === null) {
      return { date: null };
    }
    const [start = value, end] = value.split('/');
    return { date: end === undefined ? { start } : { start, end } };
  },
  decode: (property) => canonicalDate(property.date),
};
