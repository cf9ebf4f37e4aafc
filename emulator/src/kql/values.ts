/**
 * Runtime values of the KQL interpreter and the conversions between them and the JSON the
 * emulator stores and answers with.
 *
 * A value is `null`, a string, a number (`int`, `long`, `real`), a boolean, a Date (`datetime`),
 * a {@link Timespan}, or dynamic JSON (objects and arrays; a dynamic scalar is just the scalar).
 * The analyzer's types decide how results are rendered, so the runtime only needs to tell
 * these apart.
 */
import type { KqlScalarType } from './schemas.js';

/** A `timespan`. */
export class Timespan {
  constructor(readonly ms: number) {}
}

/** Any runtime value. */
export type KqlValue =
  | null
  | string
  | number
  | boolean
  | Date
  | Timespan
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** A row: column name → value. */
export type Row = Record<string, KqlValue>;

/** True for a dynamic array or property bag. */
export function isDynamicContainer(value: unknown): value is readonly unknown[] | Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Timespan)
  );
}

/** True for a property bag (an object that is not an array). */
export function isBag(value: unknown): value is Record<string, unknown> {
  return isDynamicContainer(value) && !Array.isArray(value);
}

function parseDate(text: string): Date | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A stored value (JSON, datetimes as ISO text) read as a column of `type`. */
export function fromStored(value: unknown, type: KqlScalarType): KqlValue {
  // Kusto strings are never null: a missing string is the empty string.
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
    case 'guid':
      return typeof value === 'string'
        ? value
        : isDynamicContainer(value)
          ? JSON.stringify(value)
          : String(value);
    case 'datetime':
      return value instanceof Date ? value : parseDate(String(value));
    case 'timespan':
      return typeof value === 'number' ? new Timespan(value) : parseTimespanText(String(value));
    case 'bool':
      return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : null;
    }
    default:
      if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
        try {
          return JSON.parse(value) as KqlValue;
        } catch {
          return value;
        }
      }
      return value as KqlValue;
  }
}

/** `hh:mm:ss[.fffffff]` with an optional `d.` prefix (how Kusto writes a timespan). */
export function formatTimespan(span: Timespan): string {
  const negative = span.ms < 0;
  let rest = Math.abs(span.ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const fraction = Math.round((rest - seconds * 1000) * 10_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${negative ? '-' : ''}${days > 0 ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction > 0 ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}

/** Reads `[d.]hh:mm:ss[.f]`; null when it is not one. */
export function parseTimespanText(text: string): Timespan | null {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!m) return null;
  const [, sign, d, h, min, s, f] = m;
  const ms =
    Number(d ?? 0) * 86_400_000 +
    Number(h) * 3_600_000 +
    Number(min) * 60_000 +
    Number(s) * 1000 +
    (f ? Number(f.padEnd(7, '0')) / 10_000 : 0);
  return new Timespan(sign ? -ms : ms);
}

/** Kusto's text form of a datetime: ISO 8601 in UTC with a `Z`. */
export function formatDatetime(date: Date): string {
  return date.toISOString();
}

/** `tostring()`: null becomes the empty string; dynamic containers become JSON. */
export function toText(value: KqlValue | unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return formatDatetime(value);
  if (value instanceof Timespan) return formatTimespan(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** True for null and the empty string (what `isempty()` and `coalesce()` treat as missing). */
export function isEmptyValue(value: KqlValue | unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** A value as a number when it is one (numbers, numeric dynamic values), else null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** A value as a Date when it is one (datetimes, ISO text inside dynamic values), else null. */
export function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return parseDate(value);
  return null;
}

/**
 * Orders two values of the same kind: -1, 0, 1, or undefined when they cannot be compared (a
 * null on either side, or different kinds). Strings compare ordinally, as Kusto does.
 */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
  const an = asNumber(a);
  const bn = asNumber(b);
  if (an !== null && bn !== null) return sign(an - bn);
  if (a instanceof Timespan && b instanceof Timespan) return sign(a.ms - b.ms);
  if (a instanceof Date || b instanceof Date) {
    const ad = asDate(a);
    const bd = asDate(b);
    return ad && bd ? sign(ad.getTime() - bd.getTime()) : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return sign(Number(a) - Number(b));
  if (isDynamicContainer(a) && isDynamicContainer(b)) {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return undefined;
}

/** `==` (and `in`): null when either side is null, else strict equality of like values. */
export function equalValues(a: unknown, b: unknown): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  return compareValues(a, b) === 0;
}

/** A stable key for grouping and `distinct` (dates and timespans by their instant or length). */
export function groupKey(values: readonly unknown[]): string {
  return JSON.stringify(
    values.map((v) =>
      v instanceof Date
        ? { d: v.getTime() }
        : v instanceof Timespan
          ? { t: v.ms }
          : v === undefined
            ? null
            : v,
    ),
  );
}

/** The JSON a query response carries for a value of `type` (dynamic values as JSON text, as the service does). */
export function toResponse(value: KqlValue | undefined, type: KqlScalarType | string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime': {
      const date = asDate(value);
      return date ? formatDatetime(date) : null;
    }
    case 'timespan':
      return value instanceof Timespan ? formatTimespan(value) : toText(value);
    case 'dynamic':
      return JSON.stringify(
        value instanceof Date
          ? formatDatetime(value)
          : value instanceof Timespan
            ? formatTimespan(value)
            : value,
      );
    case 'string':
    case 'guid':
      return toText(value);
    case 'bool':
      return typeof value === 'boolean' ? value : Boolean(value);
    default:
      return typeof value === 'number' ? value : asNumber(value);
  }
}
