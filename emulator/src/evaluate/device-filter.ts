/**
 * Conditional Access device filters: `device.trustType -eq "AzureAD" -and (device.isCompliant -ne True)`.
 *
 * The rule language is small: comparisons `device.<attr> -<op> <value>` joined by `-and` / `-or`
 * (and binding tighter than or), with parentheses. What matters for lockout is Microsoft's null
 * rule: on an unregistered device every attribute is null, positive operators are false and
 * negative operators (`-ne`, `-notIn`, `-notStartsWith`, …) are **true**.
 */
import type { DeviceInfo } from './types.js';

type Value = string | boolean | readonly string[];

interface Comparison {
  readonly kind: 'cmp';
  readonly attribute: string;
  readonly operator: string;
  readonly value: Value;
}
interface Junction {
  readonly kind: 'and' | 'or';
  readonly left: Rule;
  readonly right: Rule;
}
/** A parsed device filter rule. */
export type Rule = Comparison | Junction;

/** Thrown for a rule Graph would refuse; the message says where. */
export class DeviceFilterSyntaxError extends Error {
  override readonly name = 'DeviceFilterSyntaxError';
}

/** Operators and whether each is negative (true when the attribute is null). */
const operators: Readonly<Record<string, boolean>> = {
  eq: false,
  ne: true,
  startswith: false,
  notstartswith: true,
  endswith: false,
  notendswith: true,
  contains: false,
  notcontains: true,
  in: false,
  notin: true,
  match: false,
  notmatch: true,
};

/** Microsoft documents rules up to 3072 characters. */
export const maxRuleLength = 3072;

const tokenPattern =
  /\s*(?:(\()|(\))|(-[A-Za-z]+)|("(?:[^"\\]|\\.)*")|(\[)|(\])|(,)|(device\.[A-Za-z0-9_]+)|([A-Za-z]+))/y;

type Token =
  | { t: 'open' | 'close' | 'lbracket' | 'rbracket' | 'comma' }
  | { t: 'op'; v: string }
  | { t: 'str'; v: string }
  | { t: 'attr'; v: string }
  | { t: 'word'; v: string };

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) break;
    tokenPattern.lastIndex = at;
    const m = tokenPattern.exec(rule);
    if (!m)
      throw new DeviceFilterSyntaxError(`unexpected text at position ${at}: ${rule.slice(at, at + 20)}`);
    at = tokenPattern.lastIndex;
    if (m[1]) tokens.push({ t: 'open' });
    else if (m[2]) tokens.push({ t: 'close' });
    else if (m[3]) tokens.push({ t: 'op', v: m[3].slice(1).toLowerCase() });
    else if (m[4]) tokens.push({ t: 'str', v: m[4].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[5]) tokens.push({ t: 'lbracket' });
    else if (m[6]) tokens.push({ t: 'rbracket' });
    else if (m[7]) tokens.push({ t: 'comma' });
    else if (m[8]) tokens.push({ t: 'attr', v: m[8].slice('device.'.length) });
    else if (m[9]) tokens.push({ t: 'word', v: m[9] });
  }
  return tokens;
}

/** Parses a device filter rule, throwing `DeviceFilterSyntaxError` when it is malformed. */
export function parseDeviceFilter(rule: string): Rule {
  if (rule.length > maxRuleLength)
    throw new DeviceFilterSyntaxError(`rule longer than ${maxRuleLength} characters`);
  const tokens = tokenize(rule);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  const parseValue = (): Value => {
    const tok = next();
    if (!tok) throw new DeviceFilterSyntaxError('missing value at end of rule');
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'word' && /^(true|false)$/i.test(tok.v)) return tok.v.toLowerCase() === 'true';
    if (tok.t === 'lbracket') {
      const items: string[] = [];
      for (;;) {
        const item = next();
        if (item?.t === 'rbracket' && items.length === 0) break;
        if (item?.t !== 'str') throw new DeviceFilterSyntaxError('list values must be quoted strings');
        items.push(item.v);
        const sep = next();
        if (sep?.t === 'rbracket') break;
        if (sep?.t !== 'comma') throw new DeviceFilterSyntaxError('expected , or ] in list');
      }
      return items;
    }
    throw new DeviceFilterSyntaxError('expected a quoted value, True/False or a list');
  };

  const parsePrimary = (): Rule => {
    const tok = next();
    if (tok?.t === 'open') {
      const inner = parseOr();
      if (next()?.t !== 'close') throw new DeviceFilterSyntaxError('missing )');
      return inner;
    }
    if (tok?.t !== 'attr') throw new DeviceFilterSyntaxError('expected device.<property>');
    const op = next();
    if (op?.t !== 'op' || !(op.v in operators))
      throw new DeviceFilterSyntaxError(`unknown operator after device.${tok.v}`);
    return { kind: 'cmp', attribute: tok.v, operator: op.v, value: parseValue() };
  };

  const parseAnd = (): Rule => {
    let left = parsePrimary();
    for (let tok = peek(); tok?.t === 'op' && tok.v === 'and'; tok = peek()) {
      i++;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };

  function parseOr(): Rule {
    let left = parseAnd();
    for (let tok = peek(); tok?.t === 'op' && tok.v === 'or'; tok = peek()) {
      i++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  if (tokens.length === 0) throw new DeviceFilterSyntaxError('empty rule');
  const rule_ = parseOr();
  if (i !== tokens.length) throw new DeviceFilterSyntaxError('unexpected text after the rule');
  return rule_;
}

function lookup(device: DeviceInfo, attribute: string): unknown {
  const key = Object.keys(device).find((k) => k.toLowerCase() === attribute.toLowerCase());
  return key === undefined ? undefined : device[key];
}

const lower = (s: string) => s.toLowerCase();

function compare(actual: unknown, operator: string, expected: Value): boolean {
  const negative = operators[operator] ?? false;
  if (actual === null || actual === undefined || actual === '') return negative;
  const actuals = Array.isArray(actual)
    ? actual.map(String)
    : [typeof actual === 'boolean' ? String(actual) : String(actual)];
  const positive = (() => {
    const base = operator.replace(/^not/, '').replace(/^ne$/, 'eq');
    if (base === 'in') {
      const set = (Array.isArray(expected) ? expected : [String(expected)]).map(lower);
      return actuals.some((a) => set.includes(lower(a)));
    }
    const want = lower(String(expected));
    return actuals.some((raw) => {
      const a = lower(raw);
      switch (base) {
        case 'eq':
          return a === want;
        case 'startswith':
          return a.startsWith(want);
        case 'endswith':
          return a.endsWith(want);
        case 'contains':
          return a.includes(want);
        case 'match':
          return new RegExp(String(expected), 'i').test(raw);
        default:
          return false;
      }
    });
  })();
  return negative ? !positive : positive;
}

/** Evaluates a parsed rule against a device (`null` = unregistered: every attribute null). */
export function evaluateDeviceFilter(rule: Rule, device: DeviceInfo | null): boolean {
  switch (rule.kind) {
    case 'and':
      return evaluateDeviceFilter(rule.left, device) && evaluateDeviceFilter(rule.right, device);
    case 'or':
      return evaluateDeviceFilter(rule.left, device) || evaluateDeviceFilter(rule.right, device);
    case 'cmp':
      return compare(device ? lookup(device, rule.attribute) : null, rule.operator, rule.value);
  }
}
