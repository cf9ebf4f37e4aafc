/**
 * The device filter rule language of Conditional Access (`device.trustType -eq "AzureAD" -and …`),
 * parsed and evaluated against a device's attributes. On an unregistered device every attribute is
 * null: positive operators are false and negative operators are true (ca-semantics.md §1.4,
 * `concept-condition-filters-for-devices.md`), which is how "block unless trusted device" rules
 * catch a clean laptop.
 */
import type { DeviceFacts } from './scenario.js';

type Value = string | boolean | string[];
type Node =
  | { op: 'and' | 'or'; left: Node; right: Node }
  | { op: 'not'; inner: Node }
  | { op: 'cmp'; attribute: string; operator: string; value: Value };

const POSITIVE = new Set(['-eq', '-startswith', '-endswith', '-contains', '-in', '-match']);
const NEGATIVE: Record<string, string> = {
  '-ne': '-eq',
  '-notstartswith': '-startswith',
  '-notendswith': '-endswith',
  '-notcontains': '-contains',
  '-notin': '-in',
  '-notmatch': '-match',
};

function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|\[|\]|\(|\)|,|[^\s()[\],]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rule)) !== null && m[1] !== undefined) tokens.push(m[1]);
  if (rule.slice(re.lastIndex).trim().length > 0 && tokens.length === 0) throw new Error('empty rule');
  return tokens;
}

/** Parse a rule; throws an Error with a short reason when the rule is not understood. */
export function parseDeviceFilter(rule: string): Node {
  const tokens = tokenize(rule);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new Error('unexpected end of rule');
    return t;
  };
  const value = (): Value => {
    const t = next();
    if (t === '[') {
      const items: string[] = [];
      while (peek() !== ']') {
        const item = next();
        if (item === ',') continue;
        items.push(unquote(item));
      }
      next();
      return items;
    }
    if (/^true$/i.test(t)) return true;
    if (/^false$/i.test(t)) return false;
    return unquote(t);
  };
  const primary = (): Node => {
    const t = next();
    if (t === '(') {
      const inner = or();
      if (next() !== ')') throw new Error('missing )');
      return inner;
    }
    if (t.toLowerCase() === '-not') return { op: 'not', inner: primary() };
    if (!/^device\./i.test(t)) throw new Error(`expected device.<attribute>, got ${t}`);
    const operator = next().toLowerCase();
    if (!POSITIVE.has(operator) && !(operator in NEGATIVE)) throw new Error(`unknown operator ${operator}`);
    return { op: 'cmp', attribute: t.slice('device.'.length).toLowerCase(), operator, value: value() };
  };
  const and = (): Node => {
    let left = primary();
    while (peek()?.toLowerCase() === '-and') {
      next();
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek()?.toLowerCase() === '-or') {
      next();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]}`);
  return tree;
}

function unquote(token: string): string {
  return token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token;
}

/** The device's attributes by lower-case name; empty for an unregistered device. */
export function deviceAttributes(device: DeviceFacts): Map<string, string | boolean | null> {
  const attrs = new Map<string, string | boolean | null>();
  if (!device.registered) return attrs;
  if (device.isCompliant !== undefined) attrs.set('iscompliant', device.isCompliant);
  if (device.trustType !== undefined) attrs.set('trusttype', device.trustType);
  for (const [k, v] of Object.entries(device.attributes ?? {})) attrs.set(k.toLowerCase(), v);
  return attrs;
}

function positive(operator: string, actual: string | boolean | null | undefined, expected: Value): boolean {
  if (actual === null || actual === undefined) return false;
  const a = String(actual).toLowerCase();
  const values = (Array.isArray(expected) ? expected : [expected]).map((v) => String(v).toLowerCase());
  const e = values[0] ?? '';
  switch (operator) {
    case '-eq':
      return a === e;
    case '-startswith':
      return a.startsWith(e);
    case '-endswith':
      return a.endsWith(e);
    case '-contains':
      return a.includes(e);
    case '-in':
      return values.includes(a);
    case '-match':
      try {
        return new RegExp(e, 'i').test(a);
      } catch {
        return false;
      }
    default:
      return false;
  }
}

/** Evaluate a parsed rule. */
export function evaluateDeviceFilter(node: Node, attributes: Map<string, string | boolean | null>): boolean {
  switch (node.op) {
    case 'and':
      return evaluateDeviceFilter(node.left, attributes) && evaluateDeviceFilter(node.right, attributes);
    case 'or':
      return evaluateDeviceFilter(node.left, attributes) || evaluateDeviceFilter(node.right, attributes);
    case 'not':
      return !evaluateDeviceFilter(node.inner, attributes);
    case 'cmp': {
      const actual = attributes.get(node.attribute);
      const base = NEGATIVE[node.operator];
      return base ? !positive(base, actual, node.value) : positive(node.operator, actual, node.value);
    }
  }
}
