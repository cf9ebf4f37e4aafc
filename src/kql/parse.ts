/**
 * Parsing and semantic analysis of KQL with Microsoft's language service, against declared table
 * schemas. The result is plain data: diagnostics with line/column, and a copy of the syntax tree
 * that the rest of the product can walk without touching the bridged library.
 */
import { cacheDirectory } from '../cache-directory.js';
import { LruCache } from '../lib/lru.js';
import { analysisKey, diskAnalysisCache, type KqlAnalysisCache } from './analysis-cache.js';
import { analyseByShape } from './shape.js';
import { analyzeQuery, globalsFor, syntaxKindName, type BridgedElement } from './language.js';
import type { KqlTableSchema } from './schemas.js';

export type KqlSeverity = 'error' | 'warning' | 'suggestion' | 'information';

export interface KqlDiagnostic {
  severity: KqlSeverity;
  /** The service's code, e.g. `KS142`. */
  code: string;
  /** The service's message, verbatim (e.g. `Missing: "`). */
  message: string;
  /** Zero-based offset into the query text, and the length of the flagged span. */
  offset: number;
  length: number;
  /** One-based line and column of `offset`. */
  line: number;
  column: number;
}

/** A syntax node or token, copied out of the language service's tree. */
export interface KqlNode {
  /** The service's `SyntaxKind` name, e.g. `FilterOperator`, `EqualExpression`, `StringLiteralToken`. */
  kind: string;
  /** Tokens only: the token's text as written. */
  text?: string;
  /** Name references: the symbol it resolved to, if any. */
  symbol?: { name: string; kind: string };
  /**
   * Literal expressions: the decoded value as plain JSON (escapes resolved). Strings, booleans and
   * numbers (int, long, real) as themselves; `datetime` as ISO 8601; `guid` as its text; `timespan`
   * as milliseconds. Absent for literals of other kinds.
   */
  value?: KqlLiteral;
  children: KqlNode[];
}

/** A literal's value, as plain data. */
export type KqlLiteral = string | number | boolean;

export interface ParsedKql {
  text: string;
  diagnostics: KqlDiagnostic[];
  /** True when no diagnostic is an error. */
  ok: boolean;
  root: KqlNode;
}

function severityOf(raw: string | null): KqlSeverity {
  switch ((raw ?? '').toLowerCase()) {
    case 'warning':
      return 'warning';
    case 'suggestion':
      return 'suggestion';
    case 'information':
      return 'information';
    default:
      return 'error';
  }
}

/** One-based line and column of a zero-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The bridged .NET value of a literal, as plain data (undefined for kinds not listed on `KqlNode.value`). */
function plainLiteral(value: unknown): KqlLiteral | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  // Bridge.NET boxes bool, real and datetime values as { $boxed, v }.
  const boxed = value as { $boxed?: boolean; v?: unknown };
  if (boxed.$boxed) {
    if (boxed.v instanceof Date) return boxed.v.toISOString();
    return plainLiteral(boxed.v);
  }
  const bridged = value as {
    constructor?: { $$name?: string };
    toNumber?(): number;
    getTotalMilliseconds?(): number;
    toString(): string;
  };
  switch (bridged.constructor?.$$name) {
    case 'System.Int64':
      return bridged.toNumber?.();
    case 'System.TimeSpan':
      return bridged.getTotalMilliseconds?.();
    case 'System.Guid':
      return bridged.toString();
    default:
      return undefined;
  }
}

function copyTree(element: BridgedElement): KqlNode {
  const node: KqlNode = { kind: syntaxKindName(element.Kind), children: [] };
  if (element.IsToken) {
    node.text = element.Text ?? '';
    return node;
  }
  const symbol = element.ReferencedSymbol;
  if (symbol && symbol.Name) {
    const typeName = symbol.constructor.$$name ?? '';
    node.symbol = { name: symbol.Name, kind: typeName.slice(typeName.lastIndexOf('.') + 1) };
  }
  if (node.kind.endsWith('LiteralExpression')) {
    const value = plainLiteral(element.LiteralValue);
    if (value !== undefined) node.value = value;
  }
  for (let i = 0; i < element.ChildCount; i++) {
    const child = element.GetChild(i);
    if (child) node.children.push(copyTree(child));
  }
  return node;
}

let analysisCache: KqlAnalysisCache | null | undefined;

/** The on-disk analysis cache under `cacheDirectory()`, or null when caching is off. */
function defaultAnalysisCache(): KqlAnalysisCache | null {
  if (analysisCache === undefined) {
    const directory = cacheDirectory();
    analysisCache = directory ? diskAnalysisCache(directory) : null;
  }
  return analysisCache;
}

/**
 * Analyses this process keeps in memory (made here, by a worker, or read from the cache). Bounded:
 * a process auditing a thousand tenants meets queries of each tenant's own, used only during that
 * tenant's audit; 128 covers the two or three of each of the dozens audited at once.
 */
const remembered = new LruCache<string, ParsedKql>(128);

/**
 * Whether no analysis was ever kept here: the analysis cache is off or empty (a fresh machine or CI
 * runner). Then every alert query will need the language service.
 */
export function analysisCacheIsEmpty(): boolean {
  return defaultAnalysisCache()?.isEmpty() ?? true;
}

/**
 * An analysis that is already at hand — made in this process or read from the on-disk cache —
 * without loading the language service; undefined when only the library can answer.
 */
export function recallKql(query: string, tables: readonly KqlTableSchema[]): ParsedKql | undefined {
  return recallByKey(analysisKey(query, tables), query);
}

function recallByKey(key: string, query: string): ParsedKql | undefined {
  const inMemory = remembered.get(key);
  if (inMemory) return inMemory;
  const cached = defaultAnalysisCache()?.get(key, query);
  if (cached) remembered.set(key, cached);
  return cached;
}

/**
 * Keeps an analysis made elsewhere (a worker thread running `parseKql` on the same query and
 * tables), so `parseKql` here answers with it instead of loading the language service.
 */
export function rememberKql(query: string, tables: readonly KqlTableSchema[], parsed: ParsedKql): void {
  if (parsed.text === query) remembered.set(analysisKey(query, tables), parsed);
}

/**
 * Parses and analyses `query` against `tables` with `@kusto/language-service-next` (loaded on the
 * first call that is not answered from memory or the analysis cache, src/kql/analysis-cache.ts).
 * Unknown tables or columns, syntax errors and type errors come back as diagnostics; this function
 * itself does not throw on a bad query.
 */
export function parseKql(query: string, tables: readonly KqlTableSchema[]): ParsedKql {
  const key = analysisKey(query, tables);
  const known = recallByKey(key, query);
  if (known) return known;
  // A query shaped like one analysed before (a fleet's alert queries differ only in the accounts
  // they name) is not analysed again: see ./shape.ts.
  const parsed =
    analyseByShape(query, (template) => parseKql(template, tables)) ?? analyseWithLibrary(query, tables);
  defaultAnalysisCache()?.set(key, parsed);
  remembered.set(key, parsed);
  return parsed;
}

/** The language service's own analysis of the query as written (no cache, no shape). */
export function analyseWithLibrary(query: string, tables: readonly KqlTableSchema[]): ParsedKql {
  const code = analyzeQuery(query, globalsFor(tables));
  const raw = code.GetDiagnostics();
  const diagnostics: KqlDiagnostic[] = [];
  for (let i = 0; i < raw.Count; i++) {
    const d = raw.getItem(i);
    diagnostics.push({
      severity: severityOf(d.Severity),
      code: d.Code ?? '',
      message: d.Message ?? '',
      offset: d.Start,
      length: d.Length,
      ...lineAndColumn(query, d.Start),
    });
  }
  return {
    text: query,
    diagnostics,
    ok: diagnostics.every((d) => d.severity !== 'error'),
    root: copyTree(code.Syntax),
  };
}

/** `line:column message` for each error, for one-line reports. */
export function formatDiagnostics(diagnostics: readonly KqlDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** Walks already made, by root: trees are never changed once copied, and checks walk each often. */
const walks = new WeakMap<KqlNode, readonly KqlNode[]>();

/**
 * Every node of a copied tree, depth-first in document order. An explicit stack rather than a
 * recursive generator: `yield*` re-yields each node through every level above it, which on a
 * query's tree (hundreds of nodes, dozens deep) was most of what the alert-rule checks spent.
 */
export function walkKql(root: KqlNode): readonly KqlNode[] {
  const known = walks.get(root);
  if (known) return known;
  const nodes: KqlNode[] = [];
  const stack: KqlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  walks.set(root, nodes);
  return nodes;
}

/** Names of the tables a parsed query reads (name references that resolved to a table). */
export function referencedTables(parsed: ParsedKql): string[] {
  const names = new Set<string>();
  for (const node of walkKql(parsed.root)) {
    if (node.kind === 'NameReference' && node.symbol?.kind === 'TableSymbol') names.add(node.symbol.name);
  }
  return [...names].sort();
}

/** Thrown by `requireValidKql`: a one-line, user-facing refusal carrying the parser's diagnostics. */
export class InvalidKqlError extends Error {
  override readonly name = 'InvalidKqlError';
  readonly userFacing = true;
  constructor(
    readonly diagnostics: KqlDiagnostic[],
    what: string,
  ) {
    super(`${what} is not valid KQL: ${formatDiagnostics(diagnostics).join('; ')}`);
  }
}

/** Parses `query` and throws `InvalidKqlError` on any error — for code about to write a query somewhere. */
export function requireValidKql(
  query: string,
  tables: readonly KqlTableSchema[],
  what = 'the query',
): ParsedKql {
  const parsed = parseKql(query, tables);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InvalidKqlError(errors, what);
  return parsed;
}
