/**
 * Scalar expressions: compiled once from the analyzed syntax tree into closures over a row, so
 * that every unsupported construct is refused before any row is read (an empty table must not
 * hide a query the interpreter cannot answer).
 *
 * Binary operators are data: the operator's token (`==`, `=~`, `in~`, `!has`, `startswith_cs` …)
 * selects an entry of {@link comparisonOperators} or {@link listOperators}.
 */
import { semantic, unsupported } from './errors.js';
import { scalarFunctions, type FunctionContext } from './functions.js';
import { elementsOf, nodeChildren, tokensOf, type KqlNode } from './language.js';
import {
  asDate,
  compareValues,
  equalValues,
  isBag,
  Timespan,
  toText,
  type KqlValue,
  type Row,
} from './values.js';

/** What an evaluation can read besides the row. */
export type Runtime = FunctionContext;

/** A compiled scalar expression. */
export type Compiled = (row: Row, runtime: Runtime) => KqlValue;

/** What compilation needs: the query text (for messages). */
export interface CompileEnv {
  readonly query: string;
}

type Truth = boolean | null;

const negate = (t: Truth): Truth => (t === null ? null : !t);

/** KQL `has`: the needle is found as whole terms (its ends fall on non-alphanumeric boundaries). */
function hasTerm(haystack: string, needle: string): boolean {
  if (needle === '') return true;
  const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const startOk = !isWord(needle[0]) || !isWord(haystack[at - 1]);
    const endOk = !isWord(needle[needle.length - 1]) || !isWord(haystack[at + needle.length]);
    if (startOk && endOk) return true;
  }
  return false;
}

type StringTest = (haystack: string, needle: string) => boolean;

/** A case-insensitive string test and its `_cs`/negated forms. */
function stringFamily(name: string, test: StringTest): Record<string, (a: KqlValue, b: KqlValue) => Truth> {
  const ci = (a: KqlValue, b: KqlValue) => test(toText(a).toLowerCase(), toText(b).toLowerCase());
  const cs = (a: KqlValue, b: KqlValue) => test(toText(a), toText(b));
  return {
    [name]: ci,
    [`!${name}`]: (a, b) => !ci(a, b),
    [`${name}_cs`]: cs,
    [`!${name}_cs`]: (a, b) => !cs(a, b),
  };
}

function equalsIgnoringCase(a: KqlValue, b: KqlValue): Truth {
  if (typeof a === 'string' || typeof b === 'string')
    return toText(a).toLowerCase() === toText(b).toLowerCase();
  return equalValues(a, b);
}

function ordered(test: (c: number) => boolean) {
  return (a: KqlValue, b: KqlValue): Truth => {
    const c = compareValues(a, b);
    return c === undefined ? null : test(c);
  };
}

/** Two-operand comparisons, by operator token. */
export const comparisonOperators: Readonly<Record<string, (a: KqlValue, b: KqlValue) => Truth>> = {
  '==': equalValues,
  '!=': (a, b) => negate(equalValues(a, b)),
  '<>': (a, b) => negate(equalValues(a, b)),
  '=~': equalsIgnoringCase,
  '!~': (a, b) => negate(equalsIgnoringCase(a, b)),
  '<': ordered((c) => c < 0),
  '<=': ordered((c) => c <= 0),
  '>': ordered((c) => c > 0),
  '>=': ordered((c) => c >= 0),
  ...stringFamily('has', hasTerm),
  ...stringFamily('contains', (h, n) => h.includes(n)),
  ...stringFamily('startswith', (h, n) => h.startsWith(n)),
  ...stringFamily('endswith', (h, n) => h.endsWith(n)),
  ...stringFamily('hasprefix', (h, n) => h.split(/[^\p{L}\p{N}_]+/u).some((term) => term.startsWith(n))),
  ...stringFamily('hassuffix', (h, n) => h.split(/[^\p{L}\p{N}_]+/u).some((term) => term.endsWith(n))),
  'matches regex': (a, b) => new RegExp(toText(b)).test(toText(a)),
};

/** Operators whose right side is a list, by token: how one value meets the list. */
export const listOperators: Readonly<Record<string, (value: KqlValue, list: readonly KqlValue[]) => Truth>> =
  {
    in: (v, list) => list.some((x) => equalValues(v, x) === true),
    '!in': (v, list) => !list.some((x) => equalValues(v, x) === true),
    'in~': (v, list) => list.some((x) => equalsIgnoringCase(v, x) === true),
    '!in~': (v, list) => !list.some((x) => equalsIgnoringCase(v, x) === true),
    has_any: (v, list) => list.some((x) => hasTerm(toText(v).toLowerCase(), toText(x).toLowerCase())),
    has_all: (v, list) => list.every((x) => hasTerm(toText(v).toLowerCase(), toText(x).toLowerCase())),
  };

/** `and` / `or` with Kusto's null handling (null is neither true nor false). */
function logical(kind: 'and' | 'or', left: Compiled, right: Compiled): Compiled {
  return (row, rt) => {
    const a = left(row, rt);
    if (kind === 'and' && a === false) return false;
    if (kind === 'or' && a === true) return true;
    const b = right(row, rt);
    if (kind === 'and') return b === false ? false : a === true && b === true ? true : null;
    return b === true ? true : a === false && b === false ? false : null;
  };
}

function arithmetic(op: string, a: KqlValue, b: KqlValue, integral: boolean): KqlValue {
  if (a === null || b === null) return null;
  if (a instanceof Date && b instanceof Timespan)
    return new Date(a.getTime() + (op === '+' ? b.ms : op === '-' ? -b.ms : NaN));
  if (a instanceof Timespan && b instanceof Date && op === '+') return new Date(b.getTime() + a.ms);
  if (a instanceof Date && b instanceof Date && op === '-') return new Timespan(a.getTime() - b.getTime());
  if (a instanceof Timespan && b instanceof Timespan) {
    if (op === '+') return new Timespan(a.ms + b.ms);
    if (op === '-') return new Timespan(a.ms - b.ms);
    if (op === '/') return a.ms / b.ms;
  }
  if (a instanceof Timespan && typeof b === 'number') {
    if (op === '*') return new Timespan(a.ms * b);
    if (op === '/') return new Timespan(a.ms / b);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : integral ? Math.trunc(a / b) : a / b;
      case '%':
        return b === 0 ? null : a % b;
    }
  }
  return null;
}

const arithmeticKinds: Readonly<Record<string, string>> = {
  AddExpression: '+',
  SubtractExpression: '-',
  MultiplyExpression: '*',
  DivideExpression: '/',
  ModuloExpression: '%',
};

/** The name a `NameReference`/`NameDeclaration` spells (`x`, `['x y']`, a keyword used as a name). */
export function nameOf(node: KqlNode): string {
  const tokens: string[] = [];
  const collect = (n: KqlNode) => {
    if (n.text !== undefined) tokens.push(n.text);
    else n.children.forEach(collect);
  };
  collect(node);
  const text = tokens.join('');
  const bracketed = /^\[\s*(['"])(.*)\1\s*\]$/.exec(text);
  return bracketed ? (bracketed[2] ?? '') : text;
}

/** A `dynamic(...)` literal's JSON. */
function jsonValue(node: KqlNode, env: CompileEnv): unknown {
  switch (node.kind) {
    case 'JsonArrayExpression':
      return elementsOf(node).map((e) => jsonValue(e, env));
    case 'JsonObjectExpression':
      return Object.fromEntries(
        elementsOf(node).map((pair) => {
          const [name, value] = nodeChildren(pair);
          if (!name || !value) throw unsupported(env.query, pair, 'this dynamic literal');
          return [String(name.value ?? nameOf(name)), jsonValue(value, env)];
        }),
      );
    case 'UnaryMinusExpression': {
      const inner = nodeChildren(node)[0];
      return inner ? -(jsonValue(inner, env) as number) : null;
    }
    default:
      if (node.kind.endsWith('LiteralExpression')) {
        const v = node.value;
        return v instanceof Date ? v.toISOString() : (v ?? null);
      }
      throw unsupported(env.query, node, `'${node.kind}' inside dynamic()`);
  }
}

/** A literal expression's runtime value. */
function literal(node: KqlNode): KqlValue {
  const v = node.value;
  if (v === null || v === undefined) return node.type === 'string' ? '' : null;
  if (typeof v === 'object' && v !== null && 'timespanMs' in v)
    return new Timespan((v as { timespanMs: number }).timespanMs);
  if (v instanceof Date) return v;
  return v as KqlValue;
}

/** Evaluates the elements of a list operand, flattening dynamic arrays (`in (dynamic([...]))`). */
function compileList(node: KqlNode, env: CompileEnv): (row: Row, rt: Runtime) => KqlValue[] {
  const items = elementsOf(node).map((element) => {
    if (element.columns) throw unsupported(env.query, element, 'A tabular expression on the right of `in`');
    return compileScalar(element, env);
  });
  return (row, rt) =>
    items.flatMap((item) => {
      const value = item(row, rt);
      return Array.isArray(value) ? (value as KqlValue[]) : [value];
    });
}

function operatorToken(node: KqlNode): string {
  return (tokensOf(node)[0]?.text ?? '').toLowerCase().replace(/\s+/g, ' ');
}

function compileCall(node: KqlNode, env: CompileEnv): Compiled {
  const [callee, argList] = nodeChildren(node);
  const name = (callee?.symbol?.name ?? (callee ? nameOf(callee) : '')).toLowerCase();
  const fn = scalarFunctions[name];
  if (!fn) throw unsupported(env.query, node, `The function '${name}()'`);
  const args = argList ? elementsOf(argList).map((a) => compileScalar(a, env)) : [];
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    throw semantic(
      env.query,
      node,
      `The function '${name}' expects ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} argument(s), got ${args.length}.`,
    );
  }
  return (row, rt) =>
    fn.call(
      args.map((a) => a(row, rt)),
      rt,
    );
}

function compileBetween(node: KqlNode, env: CompileEnv, negated: boolean): Compiled {
  const [left, couple] = nodeChildren(node);
  const bounds = couple ? nodeChildren(couple) : [];
  if (!left || bounds.length !== 2) throw unsupported(env.query, node, 'This form of between');
  const value = compileScalar(left, env);
  const low = compileScalar(bounds[0]!, env);
  const high = compileScalar(bounds[1]!, env);
  return (row, rt) => {
    const v = value(row, rt);
    const lo = low(row, rt);
    let hi = high(row, rt);
    // `between (start .. 2h)`: a timespan upper bound counts from the lower bound.
    if (hi instanceof Timespan) {
      const from = asDate(lo);
      if (from) hi = new Date(from.getTime() + hi.ms);
    }
    const a = compareValues(v, lo);
    const b = compareValues(v, hi);
    if (a === undefined || b === undefined) return null;
    const inside = a >= 0 && b <= 0;
    return negated ? !inside : inside;
  };
}

function compilePath(node: KqlNode, env: CompileEnv): Compiled {
  const [target, selector] = nodeChildren(node);
  if (!target || !selector) throw unsupported(env.query, node, 'This property access');
  const base = compileScalar(target, env);
  const key = nameOf(selector);
  return (row, rt) => {
    const value = base(row, rt);
    return isBag(value) ? ((value[key] as KqlValue | undefined) ?? null) : null;
  };
}

function compileElement(node: KqlNode, env: CompileEnv): Compiled {
  const [target, bracketed] = nodeChildren(node);
  const index = bracketed ? nodeChildren(bracketed)[0] : undefined;
  if (!target || !index) throw unsupported(env.query, node, 'This element access');
  const base = compileScalar(target, env);
  const at = compileScalar(index, env);
  return (row, rt) => {
    const value = base(row, rt);
    const i = at(row, rt);
    if (Array.isArray(value) && typeof i === 'number') {
      const position = i < 0 ? value.length + i : i;
      return (value[position] as KqlValue | undefined) ?? null;
    }
    if (isBag(value) && typeof i === 'string') return (value[i] as KqlValue | undefined) ?? null;
    return null;
  };
}

/** Compiles a scalar expression; throws a `KqlError` for anything not implemented. */
export function compileScalar(node: KqlNode, env: CompileEnv): Compiled {
  if (
    node.kind.endsWith('LiteralExpression') &&
    node.kind !== 'TypeOfLiteralExpression' &&
    node.kind !== 'TokenLiteralExpression'
  ) {
    const value = literal(node);
    return () => value;
  }
  const parts = nodeChildren(node);
  switch (node.kind) {
    case 'NameReference': {
      if (node.symbol?.kind !== 'ColumnSymbol') {
        throw unsupported(
          env.query,
          node,
          `The name '${nameOf(node)}' (${node.symbol?.kind ?? 'unresolved'})`,
        );
      }
      const name = node.symbol.name;
      return (row) => row[name] ?? null;
    }
    case 'ParenthesizedExpression':
      return compileScalar(parts[0]!, env);
    case 'DynamicExpression': {
      const json = parts[0] ? jsonValue(parts[0], env) : null;
      return () => structuredClone(json) as KqlValue;
    }
    case 'PathExpression':
      return compilePath(node, env);
    case 'ElementExpression':
      return compileElement(node, env);
    case 'FunctionCallExpression':
      return compileCall(node, env);
    case 'AndExpression':
    case 'OrExpression':
      return logical(
        node.kind === 'AndExpression' ? 'and' : 'or',
        compileScalar(parts[0]!, env),
        compileScalar(parts[1]!, env),
      );
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return compileBetween(node, env, node.kind === 'NotBetweenExpression');
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression': {
      const inner = compileScalar(parts[0]!, env);
      const sign = node.kind === 'UnaryMinusExpression' ? -1 : 1;
      return (row, rt) => {
        const v = inner(row, rt);
        if (typeof v === 'number') return sign * v;
        if (v instanceof Timespan) return new Timespan(sign * v.ms);
        return null;
      };
    }
  }
  const arithmeticOp = arithmeticKinds[node.kind];
  if (arithmeticOp && parts.length === 2) {
    const [a, b] = [compileScalar(parts[0]!, env), compileScalar(parts[1]!, env)];
    const integral = node.type === 'long' || node.type === 'int';
    return (row, rt) => arithmetic(arithmeticOp, a(row, rt), b(row, rt), integral);
  }
  const op = operatorToken(node);
  const list = listOperators[op];
  if (list && parts.length === 2) {
    const value = compileScalar(parts[0]!, env);
    const items = compileList(parts[1]!, env);
    return (row, rt) => list(value(row, rt), items(row, rt));
  }
  const comparison = comparisonOperators[op];
  if (comparison && parts.length === 2 && node.kind.endsWith('Expression')) {
    const [a, b] = [compileScalar(parts[0]!, env), compileScalar(parts[1]!, env)];
    return (row, rt) => comparison(a(row, rt), b(row, rt));
  }
  if (node.columns) throw unsupported(env.query, node, 'A tabular expression used as a value');
  throw unsupported(env.query, node, op ? `The operator '${op}'` : `The expression '${node.kind}'`);
}
