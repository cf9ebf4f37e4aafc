/**
 * Does a query's `where` filtering let a given row through? Used to decide whether an alert rule
 * fires on a sign-in of a given account: the row holds the account's `UserId` and
 * `UserPrincipalName`, every other column is unknown.
 *
 * The predicates are evaluated on the parse tree with three-valued logic (true, false, unknown):
 * comparisons of a known column with literals are decided exactly (`==`, `=~`, `!=`, `in`, `in~`,
 * `!in`, `has`, `has_any`, `has_all`, `contains`, `startswith`, `endswith`, `hasprefix`,
 * `hassuffix`, `matches regex`, their `_cs` and negated forms, through `tolower`/`toupper`/
 * `tostring`, with literals from `dynamic([...])` and `let` bindings); anything else is unknown.
 * A row is *selected* when no `where` rejects it for certain and at least one positive comparison
 * on a known column matched it — i.e. the query really filters on that account, rather than
 * merely not excluding it.
 */
import { walkKql, type KqlNode, type ParsedKql } from './parse.js';

type Truth = 'T' | 'F' | 'U';

export interface RowFilterResult {
  selects: boolean;
  /** The comparisons that matched the row, as `column operator`, e.g. `UserId in`. */
  matchedBy: string[];
  /** Why the row is not selected. */
  reason?: string;
}

export interface RowFilterOptions {
  /**
   * Columns compared case-insensitively whatever the operator says, because the logs do not
   * promise a casing for them (UPNs).
   */
  caseInsensitiveColumns?: readonly string[];
}

interface Literals {
  values: string[];
  /** False when part of the list could not be resolved to literals (so "not found" is unknown). */
  complete: boolean;
}

const not = (t: Truth): Truth => (t === 'T' ? 'F' : t === 'F' ? 'T' : 'U');
const and = (a: Truth, b: Truth): Truth =>
  a === 'F' || b === 'F' ? 'F' : a === 'T' && b === 'T' ? 'T' : 'U';
const or = (a: Truth, b: Truth): Truth => (a === 'T' || b === 'T' ? 'T' : a === 'F' && b === 'F' ? 'F' : 'U');

/** The expressions of a list node (`ExpressionList`, `List`, JSON array). */
function elements(node: KqlNode): KqlNode[] {
  if (node.kind === 'List') {
    return node.children
      .map((child) => (child.kind === 'SeparatedElement' ? child.children[0] : child))
      .filter((n): n is KqlNode => !!n);
  }
  const list = node.children.find((child) => child.kind === 'List');
  return list ? elements(list) : [];
}

const isTerm = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** KQL `has`: the needle occurs as whole terms (bounded by non-alphanumerics). */
function hasTerm(haystack: string, needle: string): boolean {
  if (needle === '') return true;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const beforeOk = !isTerm(needle[0]) || !isTerm(haystack[at - 1]);
    const afterOk = !isTerm(needle[needle.length - 1]) || !isTerm(haystack[at + needle.length]);
    if (beforeOk && afterOk) return true;
  }
  return false;
}

function termPrefix(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!isTerm(needle[0]) || !isTerm(haystack[at - 1])) return true;
  }
  return false;
}

function termSuffix(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!isTerm(needle[needle.length - 1]) || !isTerm(haystack[at + needle.length])) return true;
  }
  return false;
}

interface Operator {
  negated: boolean;
  caseSensitive: boolean;
  /** Whether one value of the list must match (`any`) or all (`all`). */
  quantifier: 'any' | 'all';
  test(value: string, literal: string): boolean;
}

/** Parses an operator token (`!in~`, `has_cs`, `=~`, `matches regex`, …) into its meaning. */
function operatorOf(text: string): Operator | undefined {
  const op = text.toLowerCase().replace(/\s+/g, ' ');
  const simple: Record<string, Operator> = {
    '==': { negated: false, caseSensitive: true, quantifier: 'any', test: (v, l) => v === l },
    '!=': { negated: true, caseSensitive: true, quantifier: 'any', test: (v, l) => v === l },
    '=~': { negated: false, caseSensitive: false, quantifier: 'any', test: (v, l) => v === l },
    '!~': { negated: true, caseSensitive: false, quantifier: 'any', test: (v, l) => v === l },
  };
  if (simple[op]) return simple[op];
  if (op === 'matches regex') {
    return {
      negated: false,
      caseSensitive: true,
      quantifier: 'any',
      test: (v, l) => {
        try {
          return new RegExp(l).test(v);
        } catch {
          return false;
        }
      },
    };
  }
  const match =
    /^(!?)(in|has_any|has_all|has|contains|startswith|endswith|hasprefix|hassuffix)(_cs|~)?$/.exec(op);
  if (!match) return undefined;
  const [, bang, name, suffix] = match;
  // `in` is case-sensitive unless `in~`; the string operators are case-insensitive unless `_cs`.
  const caseSensitive = name === 'in' ? suffix !== '~' : suffix === '_cs';
  const tests: Record<string, Operator['test']> = {
    in: (v, l) => v === l,
    has: hasTerm,
    has_any: hasTerm,
    has_all: hasTerm,
    contains: (v, l) => v.includes(l),
    startswith: (v, l) => v.startsWith(l),
    endswith: (v, l) => v.endsWith(l),
    hasprefix: termPrefix,
    hassuffix: termSuffix,
  };
  return {
    negated: bang === '!',
    caseSensitive,
    quantifier: name === 'has_all' ? 'all' : 'any',
    test: tests[name!]!,
  };
}

const transforms: Record<string, (value: string) => string> = {
  tolower: (value) => value.toLowerCase(),
  toupper: (value) => value.toUpperCase(),
  tostring: (value) => value,
};

class Evaluator {
  readonly matchedBy = new Set<string>();
  comparisons = 0;
  private readonly lets = new Map<string, KqlNode>();
  private readonly ciColumns: Set<string>;

  constructor(
    root: KqlNode,
    private readonly row: Readonly<Record<string, string>>,
    options: RowFilterOptions,
  ) {
    this.ciColumns = new Set(options.caseInsensitiveColumns ?? []);
    for (const node of walkKql(root)) {
      if (node.kind !== 'LetStatement') continue;
      const name = node.children.find((child) => child.kind === 'NameDeclaration')?.symbol?.name;
      const value = node.children[node.children.length - 1];
      if (name && value) this.lets.set(name, value);
    }
  }

  /** The known column an expression reads (possibly through a string function), if any. */
  private column(node: KqlNode): { name: string; transform: (value: string) => string } | undefined {
    if (
      node.kind === 'NameReference' &&
      node.symbol?.kind === 'ColumnSymbol' &&
      node.symbol.name in this.row
    ) {
      return { name: node.symbol.name, transform: (value) => value };
    }
    if (node.kind === 'ParenthesizedExpression' && node.children[1]) return this.column(node.children[1]);
    if (node.kind === 'FunctionCallExpression') {
      const fn = node.children[0]?.symbol?.name ?? '';
      const transform = transforms[fn];
      const args = node.children[1] ? elements(node.children[1]) : [];
      const inner = args[0] ? this.column(args[0]) : undefined;
      if (transform && inner && args.length === 1)
        return { name: inner.name, transform: (value) => transform(inner.transform(value)) };
    }
    return undefined;
  }

  /** String literals an expression stands for. */
  private literals(node: KqlNode, depth = 0): Literals {
    if (depth > 20) return { values: [], complete: false };
    if (node.kind.endsWith('StringLiteralExpression') && typeof node.value === 'string')
      return { values: [node.value], complete: true };
    if (node.kind === 'ParenthesizedExpression' && node.children[1])
      return this.literals(node.children[1], depth + 1);
    if (node.kind === 'DynamicExpression') {
      const body = node.children.find((child) => child.text === undefined);
      return body ? this.literals(body, depth + 1) : { values: [], complete: false };
    }
    if (node.kind === 'ExpressionList' || node.kind === 'JsonArrayExpression' || node.kind === 'List') {
      const parts = elements(node).map((element) => this.literals(element, depth + 1));
      return { values: parts.flatMap((p) => p.values), complete: parts.every((p) => p.complete) };
    }
    if (node.kind === 'NameReference' && node.symbol?.kind === 'VariableSymbol') {
      const bound = this.lets.get(node.symbol.name);
      if (bound) return this.literals(bound, depth + 1);
    }
    return { values: [], complete: false };
  }

  private compare(left: KqlNode, opText: string, right: KqlNode, positive: boolean): Truth {
    const op = operatorOf(opText);
    if (!op) return 'U';
    let column = this.column(left);
    let literalSide = right;
    if (!column && ['==', '!=', '=~', '!~'].includes(opText)) {
      // Scalar comparisons are symmetric: "x" == UserId.
      column = this.column(right);
      literalSide = left;
    }
    if (!column) return 'U';
    this.comparisons++;
    const actual = this.row[column.name];
    if (actual === undefined) return 'U';
    const ci = !op.caseSensitive || this.ciColumns.has(column.name);
    const norm = (s: string) => (ci ? s.toLowerCase() : s);
    const value = norm(column.transform(actual));
    const { values, complete } = this.literals(literalSide);
    const hits = values.map((literal) => op.test(value, norm(literal)));
    let found: Truth;
    if (op.quantifier === 'all')
      found = hits.length > 0 && hits.every(Boolean) && complete ? 'T' : hits.some((h) => !h) ? 'F' : 'U';
    else found = hits.some(Boolean) ? 'T' : complete ? 'F' : 'U';
    if (found === 'T' && !op.negated && positive)
      this.matchedBy.add(`${column.name} ${opText.toLowerCase()}`);
    return op.negated ? not(found) : found;
  }

  evaluate(node: KqlNode, positive = true): Truth {
    const [a, b, c] = node.children;
    switch (node.kind) {
      case 'AndExpression':
        return a && c ? and(this.evaluate(a, positive), this.evaluate(c, positive)) : 'U';
      case 'OrExpression':
        return a && c ? or(this.evaluate(a, positive), this.evaluate(c, positive)) : 'U';
      case 'ParenthesizedExpression':
        return b ? this.evaluate(b, positive) : 'U';
      case 'BooleanLiteralExpression':
        return node.value === true ? 'T' : node.value === false ? 'F' : 'U';
      case 'FunctionCallExpression': {
        if (a?.symbol?.name !== 'not' || !b) return 'U';
        const [arg] = elements(b);
        return arg ? not(this.evaluate(arg, !positive)) : 'U';
      }
      default:
        // Binary comparisons and in/has_any/has_all: [left, operator token(s), right].
        if (a && b && c && node.kind.endsWith('Expression') && b.text !== undefined)
          return this.compare(a, b.text, c, positive);
        return 'U';
    }
  }
}

/**
 * Whether the `where` clauses of `parsed` select `row` (column → value; other columns unknown).
 * See the module comment for the exact meaning.
 */
export function rowFilter(
  parsed: ParsedKql,
  row: Readonly<Record<string, string>>,
  options: RowFilterOptions = {},
): RowFilterResult {
  const evaluator = new Evaluator(parsed.root, row, options);
  let overall: Truth = 'T';
  let filters = 0;
  for (const node of walkKql(parsed.root)) {
    if (node.kind !== 'FilterOperator') continue;
    const predicate = node.children[node.children.length - 1];
    if (!predicate) continue;
    filters++;
    overall = and(overall, evaluator.evaluate(predicate));
  }
  const matchedBy = [...evaluator.matchedBy].sort();
  const columns = Object.keys(row).join(' or ');
  if (filters === 0 || evaluator.comparisons === 0) {
    return { selects: false, matchedBy: [], reason: `no where clause compares ${columns} with a value` };
  }
  if (overall === 'F') return { selects: false, matchedBy, reason: 'the where clauses exclude it' };
  if (matchedBy.length === 0)
    return {
      selects: false,
      matchedBy,
      reason: `its ${columns} is not among the values the where clauses match`,
    };
  return { selects: true, matchedBy };
}
