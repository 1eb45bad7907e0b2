import { PropertyCodecError } from '../errors';

/** The canonical value of each supported property type, as the database side holds it. */
export interface CanonicalValues {
  title: string | null;
  rich_text: string | null;
  number: number | null;
  select: string | null;
  multi_select: string[];
  status: string | null;
  checkbox: boolean;
  date: string | null;
  url: string | null;
  email: string | null;
  phone_number: string | null;
  relation: string[];
}

/** A Notion property type the codecs support. */
export type PropertyType = keyof CanonicalValues;

/** One text run of a rich-text array, in the shape Notion accepts on write. */
export interface TextItemWrite {
  type: 'text';
  text: { content: string };
}

/** A property value in the shape Notion accepts on page create and update. */
export type PropertyValueWrite =
  | { title: TextItemWrite[] }
  | { rich_text: TextItemWrite[] }
  | { number: number | null }
  | { select: { name: string } | null }
  | { multi_select: { name: string }[] }
  | { status: { name: string } | null }
  | { checkbox: boolean }
  | { date: { start: string; end?: string } | null }
  | { url: string | null }
  | { email: string | null }
  | { phone_number: string | null }
  | { relation: { id: string }[] };

/** Converts one property type between loose input, canonical form and Notion's shapes. */
export interface Codec<T> {
  /** Returns the canonical form of a loose value; throws `PropertyCodecError` if it has none. */
  canonicalize(value: unknown): T;
  /** Builds Notion's write shape from a canonical value. */
  encode(value: T): PropertyValueWrite;
  /** Reads the canonical value out of a property object such as `page.properties.Name`. */
  decode(property: Record<string, unknown>): T;
}

/** Throws the codec error for `type`; typed `never` so callers can use it in expressions. */
export function fail(type: PropertyType, value: unknown, problem: string): never {
  throw new PropertyCodecError(type, value, problem);
}

/** Treats `null`, `undefined` and the empty string alike, as "no value". */
export function isBlank(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

/** Whether a value is a plain object, the shape every Notion sub-value has. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
