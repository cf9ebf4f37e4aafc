/**
 * The OData `$filter` subset the emulator implements, parsed into a tree and evaluated against
 * stored objects: `eq`, `ne`, `ge`, `gt`, `le`, `lt`, `in (…)`, `startswith(prop,'x')`, `and`,
 * `or`, parentheses; literals 'string', true/false/null, numbers, GUIDs and ISO date-times;
 * property paths such as `initiatedBy/user/id`.
 *
 * Each route declares which properties may be filtered with which operators; anything else is
 * refused with Graph's 400, never answered wrongly. String comparisons are case-insensitive, as
 * they are for directory objects.
 */
import { graphErrors } from '../http/errors.js';

/** Operators a route may allow on a property. */
export type FilterOp = 'eq' | 'ne' | 'in' | 'startswith' | 'ge' | 'gt' | 'le' | 'lt';

/** What a route allows: property path → operators. */
export type FilterSpec = Readonly<Record<string, readonly FilterOp[]>>;

type Literal = string | number | boolean | null;

/** A parsed filter. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'compare'; op: Exclude<FilterOp, 'in' | 'startswith'>; path: string; value: Literal }
  | { kind: 'in'; path: string; values: Literal[] }
  | { kind: 'startswith'; path: string; value: string };

interface Token {
  type: 'ident' | 'string' | 'number' | 'punct' | 'datetime' | 'guid';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          throw graphErrors.badRequest(`Invalid filter clause: unterminated string literal.`, 'BadRequest');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: 'string', text: value });
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch });
      i++;
      continue;
    }
    const rest = text.slice(i);
    const datetime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/.exec(rest);
    if (datetime) {
      tokens.push({ type: 'datetime', text: datetime[0] });
      i += datetime[0].length;
      continue;
    }
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(rest);
    if (guid) {
      tokens.push({ type: 'guid', text: guid[0] });
      i += guid[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      tokens.push({ type: 'number', text: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_@$][\w.@$/:]*/.exec(rest);
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw graphErrors.badRequest(
      `Invalid filter clause: syntax error at position ${i} in '${text}'.`,
      'BadRequest',
    );
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly spec: FilterSpec,
    private readonly resource: string,
    private readonly source: string,
  ) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.pos < this.tokens.length) this.syntax();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) this.syntax();
    return t as Token;
  }

  private syntax(): never {
    throw graphErrors.badRequest(`Invalid filter clause: syntax error in '${this.source}'.`, 'BadRequest');
  }

  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.type === 'ident' && t.text.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.type !== 'punct' || t.text !== text) this.syntax();
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterNode {
    let left = this.primary();
    while (this.keyword('and')) left = { kind: 'and', left, right: this.primary() };
    return left;
  }

  private allow(path: string, op: FilterOp): void {
    const ops = Object.entries(this.spec).find(([k]) => k.toLowerCase() === path.toLowerCase())?.[1];
    if (!ops?.includes(op)) {
      throw graphErrors.unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${path}' of resource '${this.resource}'.`,
      );
    }
  }

  private literal(): Literal {
    const t = this.next();
    if (t.type === 'string' || t.type === 'datetime' || t.type === 'guid') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'ident') {
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    return this.syntax();
  }

  private primary(): FilterNode {
    const t = this.peek();
    if (!t) this.syntax();
    if (t?.type === 'punct' && t.text === '(') {
      this.pos++;
      const node = this.or();
      this.expect(')');
      return node;
    }
    if (t?.type !== 'ident') this.syntax();
    const word = (t as Token).text;
    const lowerWord = word.toLowerCase();
    if (
      lowerWord === 'not' ||
      lowerWord === 'endswith' ||
      lowerWord === 'contains' ||
      word.includes('/any(') ||
      word.includes('/all(')
    ) {
      throw graphErrors.unsupportedQuery(
        `Unsupported query: the filter operator '${word.replace(/\(.*$/, '')}' is not supported by the emulator for resource '${this.resource}'.`,
      );
    }
    this.pos++;
    if (lowerWord === 'startswith') {
      this.expect('(');
      const prop = this.next();
      if (prop.type !== 'ident') this.syntax();
      this.expect(',');
      const value = this.literal();
      this.expect(')');
      if (typeof value !== 'string') this.syntax();
      this.allow(prop.text, 'startswith');
      return { kind: 'startswith', path: prop.text, value };
    }
    if (this.peek()?.type === 'punct' && this.peek()?.text === '(') {
      throw graphErrors.unsupportedQuery(
        `Unsupported query: the function '${word}' is not supported for resource '${this.resource}'.`,
      );
    }
    const opToken = this.next();
    if (opToken.type !== 'ident') this.syntax();
    const op = opToken.text.toLowerCase();
    if (op === 'in') {
      this.expect('(');
      const values: Literal[] = [this.literal()];
      while (this.peek()?.text === ',') {
        this.pos++;
        values.push(this.literal());
      }
      this.expect(')');
      this.allow(word, 'in');
      return { kind: 'in', path: word, values };
    }
    if (!['eq', 'ne', 'ge', 'gt', 'le', 'lt'].includes(op)) {
      throw graphErrors.unsupportedQuery(
        `Unsupported query: the operator '${opToken.text}' is not supported for resource '${this.resource}'.`,
      );
    }
    const value = this.literal();
    this.allow(word, op as FilterOp);
    return { kind: 'compare', op: op as 'eq', path: word, value };
  }
}

/** Parses a `$filter` value, checking every property and operator against `spec`. */
export function parseFilter(text: string, spec: FilterSpec, resource: string): FilterNode {
  return new Parser(tokenize(text), spec, resource, text).parse();
}

/** The segments of each property path a filter has used: a filter reads one path of every item. */
const pathSegments = new Map<string, readonly string[]>();

function segmentsOf(path: string): readonly string[] {
  let parts = pathSegments.get(path);
  if (!parts) {
    parts = path.split('/');
    // Paths come from the routes' filter specs, a small fixed set; the bound is only a safeguard.
    if (pathSegments.size < 1000) pathSegments.set(path, parts);
  }
  return parts;
}

/** Reads `a/b/c` from an object (case-insensitive property names). */
export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of segmentsOf(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const record = cur as Record<string, unknown>;
    // The property as spelled is the common case: read it directly instead of listing every
    // property of every object a filter looks at (`Object.hasOwn` keeps inherited names such as
    // `constructor` out).
    const exact = record[part];
    if (exact !== undefined && exact !== null && Object.hasOwn(record, part)) {
      cur = exact;
      continue;
    }
    const entries = Object.entries(record);
    cur =
      entries.find(([k]) => k === part)?.[1] ??
      entries.find(([k]) => k.toLowerCase() === part.toLowerCase())?.[1];
  }
  return cur;
}

const isoDate = /^\d{4}-\d{2}-\d{2}T/;

function compare(a: unknown, b: Literal): number | undefined {
  if (a === undefined || a === null || b === null) return undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    if (isoDate.test(b) && isoDate.test(a)) return Date.parse(a) - Date.parse(b);
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return undefined;
}

function equals(a: unknown, b: Literal): boolean {
  if (b === null) return a === null || a === undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    if (isoDate.test(b) && isoDate.test(a)) return Date.parse(a) === Date.parse(b);
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

const lowerStringValues = new WeakMap<FilterNode, ReadonlySet<string>>();

/** The string literals of an `in (…)` list, lower-cased, as a set (computed once per parsed filter). */
function lowerStrings(node: Extract<FilterNode, { kind: 'in' }>): ReadonlySet<string> {
  let set = lowerStringValues.get(node);
  if (!set) {
    set = new Set(node.values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()));
    lowerStringValues.set(node, set);
  }
  return set;
}

/** True when `obj` matches the filter. */
export function matchesFilter(obj: unknown, node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(obj, node.left) && matchesFilter(obj, node.right);
    case 'or':
      return matchesFilter(obj, node.left) || matchesFilter(obj, node.right);
    case 'in': {
      const v = readPath(obj, node.path);
      // A string that is not a date-time equals exactly the string literals with the same lower
      // case (see `equals`): one set look-up instead of comparing with each value (`id in (…)`
      // over every group of a tenant).
      if (typeof v === 'string' && !isoDate.test(v)) return lowerStrings(node).has(v.toLowerCase());
      return node.values.some((x) => equals(v, x));
    }
    case 'startswith': {
      const v = readPath(obj, node.path);
      return typeof v === 'string' && v.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case 'compare': {
      const v = readPath(obj, node.path);
      if (node.op === 'eq') return equals(v, node.value);
      if (node.op === 'ne') return !equals(v, node.value);
      const c = compare(v, node.value);
      if (c === undefined) return false;
      return node.op === 'ge' ? c >= 0 : node.op === 'gt' ? c > 0 : node.op === 'le' ? c <= 0 : c < 0;
    }
  }
}

/**
 * The values (lower case) `property` must have for an object to match the filter, or undefined
 * when the filter does not pin it to a finite set: `id eq 'x'`, `displayName in ('x','y')`, and
 * `and`/`or` combinations of them. A collection indexed by that property then looks those up
 * instead of testing every object; the whole filter is still applied to what the look-up finds,
 * so the set may be larger than the matches but never misses one. Only string literals that are
 * not date-times narrow: they are the ones `eq` compares as lower-cased text, as an index does.
 */
export function valuesSelectedBy(node: FilterNode, property: string): ReadonlySet<string> | undefined {
  const textual = (v: Literal): v is string => typeof v === 'string' && !isoDate.test(v);
  const named = (path: string) => path.toLowerCase() === property.toLowerCase();
  switch (node.kind) {
    case 'compare':
      return node.op === 'eq' && named(node.path) && textual(node.value)
        ? new Set([node.value.toLowerCase()])
        : undefined;
    case 'in':
      return named(node.path) && node.values.every(textual) ? lowerStrings(node) : undefined;
    case 'startswith':
      return undefined;
    case 'and': {
      const left = valuesSelectedBy(node.left, property);
      const right = valuesSelectedBy(node.right, property);
      if (!left || !right) return left ?? right;
      return new Set([...left].filter((k) => right.has(k)));
    }
    case 'or': {
      const left = valuesSelectedBy(node.left, property);
      const right = valuesSelectedBy(node.right, property);
      return left && right ? new Set([...left, ...right]) : undefined;
    }
  }
}
