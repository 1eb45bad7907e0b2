import { fail, isBlank, isRecord, type Codec, type PropertyType } from './codec';

/** Notion rejects commas in select and multi-select option names. */
function optionName(type: PropertyType, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return fail(type, value, 'an option name must be a non-empty string');
  }
  if (type !== 'status' && value.includes(',')) {
    return fail(type, value, 'an option name cannot contain a comma');
  }
  return value;
}

function canonicalOption(type: PropertyType, value: unknown): string | null {
  return isBlank(value) ? null : optionName(type, value);
}

function decodeOption(type: PropertyType, property: Record<string, unknown>): string | null {
  const option = property[type];
  if (option === null || option === undefined) {
    return null;
  }
  return isRecord(option)
    ? optionName(type, option.name)
    : fail(type, option, 'expected an option');
}

/** Multi-select is a set: duplicates collapse and names sort by code point. */
function canonicalSet(value: unknown): string[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    return fail('multi_select', value, 'expected an array of option names');
  }
  const names = value.map((name: unknown) => optionName('multi_select', name));
  return [...new Set(names)].sort(compareCodePoints);
}

/** Orders strings by code point, the same on every machine and locale. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Select: an option name, or null; the empty string counts as null. */
export const selectCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalOption('select', value),
  encode: (value) => ({ select: value === null ? null : { name: value } }),
  decode: (property) => decodeOption('select', property),
};

/** Status: like select; status options must already exist in the data source. */
export const statusCodec: Codec<string | null> = {
  canonicalize: (value) => canonicalOption('status', value),
  encode: (value) => ({ status: value === null ? null : { name: value } }),
  decode: (property) => decodeOption('status', property),
};

/** Multi-select: a sorted set of option names; null and the empty array are the same value. */
export const multiSelectCodec: Codec<string[]> = {
  canonicalize: canonicalSet,
  encode: (value) => ({ multi_select: value.map((name) => ({ name })) }),
  decode: (property) => {
    const options: unknown = property.multi_select;
    if (!Array.isArray(options)) {
      return fail('multi_select', options, 'expected an array of options');
    }
    return canonicalSet(
      options.map((option: unknown) => (isRecord(option) ? option.name : option)),
    );
  },
};
