/**
 * The scalar functions the interpreter implements, as data: name → arity and a pure function of
 * the evaluated arguments (plus the query's `now`). A call to any other function is refused.
 */
import {
  asDate,
  asNumber,
  fromStored,
  isBag,
  isEmptyValue,
  parseTimespanText,
  Timespan,
  toText,
  type KqlValue,
} from './values.js';

/** What a function may read besides its arguments. */
export interface FunctionContext {
  /** `now()` for this evaluation (the alert's evaluation time, or the request's clock). */
  readonly now: Date;
}

/** One scalar function. */
export interface ScalarFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  call(args: readonly KqlValue[], context: FunctionContext): KqlValue;
}

const fn = (minArgs: number, maxArgs: number, call: ScalarFunction['call']): ScalarFunction => ({
  minArgs,
  maxArgs,
  call,
});

const spanOf = (value: KqlValue | undefined): number | null =>
  value instanceof Timespan
    ? value.ms
    : typeof value === 'string'
      ? (parseTimespanText(value)?.ms ?? null)
      : null;

const truthy = (value: KqlValue | undefined): boolean => value === true;

function toLong(value: KqlValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime() * 10_000; // ticks since the epoch, near enough
  if (value instanceof Timespan) return value.ms * 10_000;
  const n = typeof value === 'string' ? Number(value.trim() === '' ? NaN : value) : asNumber(value);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

function toReal(value: KqlValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'string' ? Number(value.trim() === '' ? NaN : value) : asNumber(value);
  return n === null || Number.isNaN(n) ? null : n;
}

/** `bin(value, size)`: rounds down to a multiple of size (numbers, datetimes, timespans). */
function bin(value: KqlValue | undefined, size: KqlValue | undefined): KqlValue {
  if (value === null || value === undefined || size === null || size === undefined) return null;
  if (value instanceof Date) {
    const step = spanOf(size);
    return step ? new Date(Math.floor(value.getTime() / step) * step) : null;
  }
  if (value instanceof Timespan) {
    const step = spanOf(size);
    return step ? new Timespan(Math.floor(value.ms / step) * step) : null;
  }
  const n = asNumber(value);
  const step = asNumber(size);
  return n !== null && step ? Math.floor(n / step) * step : null;
}

/** Every scalar function the interpreter knows, by lower-case name. */
export const scalarFunctions: Readonly<Record<string, ScalarFunction>> = {
  now: fn(0, 1, ([offset], { now }) => new Date(now.getTime() + (spanOf(offset ?? null) ?? 0))),
  ago: fn(1, 1, ([span], { now }) => {
    const ms = spanOf(span ?? null);
    return ms === null ? null : new Date(now.getTime() - ms);
  }),
  tostring: fn(1, 1, ([value]) => toText(value)),
  tolower: fn(1, 1, ([value]) => toText(value).toLowerCase()),
  toupper: fn(1, 1, ([value]) => toText(value).toUpperCase()),
  strlen: fn(1, 1, ([value]) => toText(value).length),
  strcat: fn(1, 64, (args) => args.map(toText).join('')),
  substring: fn(2, 3, ([value, start, length]) => {
    const text = toText(value);
    const from = Math.max(0, asNumber(start ?? null) ?? 0);
    const count = length === undefined ? undefined : (asNumber(length) ?? 0);
    return count === undefined ? text.slice(from) : text.slice(from, from + count);
  }),
  trim_start: fn(2, 2, ([pattern, value]) =>
    toText(value).replace(new RegExp(`^(?:${toText(pattern)})+`), ''),
  ),
  trim_end: fn(2, 2, ([pattern, value]) => toText(value).replace(new RegExp(`(?:${toText(pattern)})+$`), '')),
  split: fn(2, 2, ([value, delimiter]) => toText(value).split(toText(delimiter))),
  coalesce: fn(2, 64, (args) => args.find((a) => !isEmptyValue(a)) ?? args[args.length - 1] ?? null),
  isempty: fn(1, 1, ([value]) => isEmptyValue(value)),
  isnotempty: fn(1, 1, ([value]) => !isEmptyValue(value)),
  isnull: fn(1, 1, ([value]) => value === null || value === undefined),
  isnotnull: fn(1, 1, ([value]) => value !== null && value !== undefined),
  not: fn(1, 1, ([value]) => (value === null || value === undefined ? null : !truthy(value))),
  iff: fn(3, 3, ([condition, then, otherwise]) => (truthy(condition) ? (then ?? null) : (otherwise ?? null))),
  iif: fn(3, 3, ([condition, then, otherwise]) => (truthy(condition) ? (then ?? null) : (otherwise ?? null))),
  tolong: fn(1, 1, ([value]) => toLong(value)),
  toint: fn(1, 1, ([value]) => toLong(value)),
  toreal: fn(1, 1, ([value]) => toReal(value)),
  todouble: fn(1, 1, ([value]) => toReal(value)),
  tobool: fn(1, 1, ([value]) =>
    typeof value === 'boolean'
      ? value
      : value === null || value === undefined
        ? null
        : toText(value).toLowerCase() === 'true',
  ),
  toboolean: fn(1, 1, ([value]) =>
    typeof value === 'boolean'
      ? value
      : value === null || value === undefined
        ? null
        : toText(value).toLowerCase() === 'true',
  ),
  todatetime: fn(1, 1, ([value]) => asDate(value ?? null)),
  totimespan: fn(1, 1, ([value]) => {
    const ms = spanOf(value ?? null);
    return ms === null ? null : new Timespan(ms);
  }),
  todynamic: fn(1, 1, ([value]) =>
    typeof value === 'string' ? fromStored(value, 'dynamic') : (value ?? null),
  ),
  parse_json: fn(1, 1, ([value]) =>
    typeof value === 'string' ? fromStored(value, 'dynamic') : (value ?? null),
  ),
  array_length: fn(1, 1, ([value]) => (Array.isArray(value) ? value.length : null)),
  bag_keys: fn(1, 1, ([value]) => (isBag(value) ? Object.keys(value) : null)),
  bin: fn(2, 2, ([value, size]) => bin(value, size)),
  floor: fn(2, 2, ([value, size]) => bin(value, size)),
  startofday: fn(1, 1, ([value]) => {
    const date = asDate(value ?? null);
    return date ? new Date(Math.floor(date.getTime() / 86_400_000) * 86_400_000) : null;
  }),
};
