import { fail, type Codec } from './codec';

const numeral = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Numbers are finite; numeric strings (PostgreSQL `numeric`) are read as numbers; -0 is 0. */
function canonicalNumber(value: unknown): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  const number = toNumber(value);
  if (!Number.isFinite(number)) {
    return fail('number', value, 'expected a finite number');
  }
  return number === 0 ? 0 : number;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  if (typeof value === 'string' && numeral.test(value.trim())) {
    return Number(value);
  }
  return Number.NaN;
}

/** Number: a finite number or null. */
export const numberCodec: Codec<number | null> = {
  canonicalize: canonicalNumber,
  encode: (value) => ({ number: value }),
  decode: (property) => canonicalNumber(property.number),
};

/** Notion has no empty checkbox, so null reads as false. */
function canonicalCheckbox(value: unknown): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  return typeof value === 'boolean' ? value : fail('checkbox', value, 'expected a boolean');
}

/** Checkbox: a boolean. */
export const checkboxCodec: Codec<boolean> = {
  canonicalize: canonicalCheckbox,
  encode: (value) => ({ checkbox: value }),
  decode: (property) => canonicalCheckbox(property.checkbox),
};
