import { checkboxCodec, numberCodec } from './codecs/scalar-codecs';
import { multiSelectCodec, selectCodec, statusCodec } from './codecs/choice-codecs';
import {
  fail,
  isRecord,
  type CanonicalValues,
  type Codec,
  type PropertyType,
} from './codecs/codec';
import { dateCodec } from './codecs/date-codec';
import { relationCodec } from './codecs/relation-codec';
import {
  emailCodec,
  phoneNumberCodec,
  richTextCodec,
  titleCodec,
  urlCodec,
} from './codecs/text-codecs';

export type { CanonicalValues, PropertyType, PropertyValueWrite } from './codecs/codec';

type CodecTable = { [Type in PropertyType]: Codec<CanonicalValues[Type]> };

const codecs: CodecTable = {
  title: titleCodec,
  rich_text: richTextCodec,
  number: numberCodec,
  select: selectCodec,
  multi_select: multiSelectCodec,
  status: statusCodec,
  checkbox: checkboxCodec,
  date: dateCodec,
  url: urlCodec,
  email: emailCodec,
  phone_number: phoneNumberCodec,
  relation: relationCodec,
};

/** Every property type the codecs support. */
export const propertyTypes = Object.keys(codecs) as readonly PropertyType[];

/** Whether `type` names a property type the codecs support. */
export function isPropertyType(type: string): type is PropertyType {
  return Object.hasOwn(codecs, type);
}

/**
 * Returns the canonical form of a value, the one form all equal values share: empty text is null,
 * numbers are finite, dates are ISO 8601 in UTC, multi-select and relation are sorted sets.
 * Throws `PropertyCodecError` for a value the type cannot hold.
 */
export function canonicalize<Type extends PropertyType>(
  type: Type,
  value: unknown,
): CanonicalValues[Type] {
  return codecFor(type).canonicalize(value);
}

/** Turns a database value into the property value Notion accepts on write. */
export function encodeProperty(type: PropertyType, value: unknown) {
  const codec = codecFor(type);
  return codec.encode(codec.canonicalize(value));
}

/**
 * Reads a property object such as `page.properties.Name` into its canonical value. Throws
 * `PropertyCodecError` when the property has another type or an unreadable value.
 */
export function decodeProperty<Type extends PropertyType>(
  type: Type,
  property: unknown,
): CanonicalValues[Type] {
  if (!isRecord(property)) {
    return fail(type, property, 'expected a property object');
  }
  if (property.type !== undefined && property.type !== type) {
    return fail(type, property.type, `the property has type ${JSON.stringify(property.type)}`);
  }
  return codecFor(type).decode(property);
}

/** Whether two values are the same once canonical. */
export function isSameValue(type: PropertyType, a: unknown, b: unknown): boolean {
  return canonicalJson(canonicalize(type, a)) === canonicalJson(canonicalize(type, b));
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value);
}

function codecFor<Type extends PropertyType>(type: Type): Codec<CanonicalValues[Type]> {
  if (!isPropertyType(type)) {
    return fail(type, undefined, `unsupported property type ${String(type)}`);
  }
  return codecs[type];
}
